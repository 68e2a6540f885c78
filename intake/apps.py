from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Consultation requests"

    def ready(self) -> None:
        # The outbox's admin lives in its own module; intake/admin.py is the request queue.
        from intake import admin_outbox  # noqa: F401
