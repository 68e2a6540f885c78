from django.conf import settings
from django.core.management.base import BaseCommand

from intake import workflow
from intake.retention import due_for_purge


class Command(BaseCommand):
    help = (
        "Erase the personal and health data of requests closed (completed, declined, withdrawn) "
        "more than RETENTION_DAYS ago. Keeps the reference, status history and counts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many requests would be erased."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        due = list(due_for_purge().only("pk", "reference"))
        if dry_run:
            self.stdout.write(
                f"{len(due)} request(s) closed more than {settings.RETENTION_DAYS} days ago would be erased."
            )
            return
        erased = workflow.purge()
        self.stdout.write(f"Erased the personal data of {len(erased)} request(s).")
