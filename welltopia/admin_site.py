from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.models import Device


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Password plus one-time code. With a single device, that device is used without asking."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["otp_token"]
        code.label = "Authentication code"
        code.help_text = "The 6-digit code your authenticator app shows for Welltopia."
        # A phone shows the number pad; password managers and phones can fill in a code they hold.
        code.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        )

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                # Reload it for verification (locked row), as django-otp does for a chosen device.
                device = Device.from_persistent_id(devices[0].persistent_id, for_verify=True)
        return device


class WelltopiaAdminSite(OTPAdminSite):
    """Every admin page needs a password and a one-time code from the user's verified device."""

    site_header = "Welltopia staff"
    site_title = "Welltopia staff"
    index_title = "Consultation requests and education pages"
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
