from django.conf import settings
from django.core.management.base import BaseCommand

from intake import workflow
from intake.retention import ASKED, due_for_purge, why_erased


class Command(BaseCommand):
    help = (
        "Erase the personal and health data of requests closed (completed, declined, withdrawn) more than "
        "RETENTION_DAYS ago, and of withdrawn requests whose patient asked for deletion. Keeps the "
        "reference, status history and counts. Run it daily, as the purge database role."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many requests would be erased."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        if dry_run:
            due = list(due_for_purge().only("pk", "status", "deletion_requested"))
            asked = sum(1 for consultation in due if why_erased(consultation) == ASKED)
            self.stdout.write(
                f"{len(due)} request(s) would be erased: {len(due) - asked} closed more than "
                f"{settings.RETENTION_DAYS} days ago, {asked} withdrawn by a patient who asked for deletion."
            )
            return
        erased = workflow.purge()
        self.stdout.write(f"Erased the personal data of {len(erased)} request(s).")
