"""Error reports that cannot leak patient data.

Django's reports include POST and GET values, cookies and every frame's local variables.
Here all of those are replaced, whatever the view, and the URL loses its query string, so an
ADMINS email or a log record says where it broke and how, never with whose data.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request) -> dict:
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame) -> list:
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        cleansed = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(key, cleansed) for key in self.request.GET]
            data["request_COOKIES_items"] = [(key, cleansed) for key in self.request.COOKIES]
            data["request_insecure_uri"] = self.request.path
        return data
