from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Clinic"  # the admin section: requests, bookings, clinicians, messages, medicines

    def ready(self) -> None:
        from intake.roles import sync_groups

        # After Django's own post_migrate (which creates the permissions), the groups get theirs.
        post_migrate.connect(sync_groups, sender=self, dispatch_uid="intake.sync_groups")
