from django.contrib.admin.apps import AdminConfig


class WelltopiaAdminConfig(AdminConfig):
    """The Django admin, on a site that requires two-factor verification for every staff login."""

    default_site = "welltopia.admin_site.WelltopiaAdminSite"

    def ready(self) -> None:
        super().ready()
        from welltopia import audit  # noqa: F401  (connects the security-event log receivers)
