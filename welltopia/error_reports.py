"""Error reports that cannot leak patient data.

Django's reports include POST and GET values, cookies, request headers (META) and every
frame's local variables. Here all of those are replaced, whatever the view, and the URL loses
its query string, so an ADMINS email or a log record says where it broke and how, never with
whose data.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    # request.META also holds the query string, the Referer (an admin search for a patient's name,
    # say) and the client's address; only these entries describe the request without its data.
    SHOWN_META = frozenset(
        {
            "REQUEST_METHOD",
            "PATH_INFO",
            "SCRIPT_NAME",
            "SERVER_NAME",
            "SERVER_PORT",
            "SERVER_PROTOCOL",
            "CONTENT_TYPE",
            "CONTENT_LENGTH",
            "HTTP_HOST",
            "HTTP_ACCEPT",
            "HTTP_ACCEPT_ENCODING",
            "HTTP_ACCEPT_LANGUAGE",
            "HTTP_USER_AGENT",
            "HTTP_X_FORWARDED_PROTO",
            "wsgi.url_scheme",
        }
    )

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request) -> dict:
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame) -> list:
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request) -> dict:
        if not hasattr(request, "META"):
            return {}
        return {
            key: value if key in self.SHOWN_META else self.cleansed_substitute
            for key, value in request.META.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        cleansed = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(key, cleansed) for key in self.request.GET]
            data["request_COOKIES_items"] = [(key, cleansed) for key in self.request.COOKIES]
            data["request_insecure_uri"] = self.request.path
        return data
