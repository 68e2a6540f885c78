from django_otp.admin import OTPAdminSite


class WelltopiaAdminSite(OTPAdminSite):
    """Every admin page needs a password and a one-time code from the user's verified device."""

    site_header = "Welltopia staff"
    site_title = "Welltopia staff"
    index_title = "Consultation requests and education pages"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
