from django.core.management.base import BaseCommand

from intake import workflow


class Command(BaseCommand):
    help = (
        "Screen the medicine rows of every open request again with the current catalog. Each newly "
        "raised safety flag is recorded in the request's history with its reason; possible matches "
        "staff cleared stay cleared."
    )

    def handle(self, *args, **options) -> None:
        count, raised = workflow.rescreen_open_requests()
        # References only: what was raised, and why, is in each request's history (the output of
        # a scheduled command often ends up in a log).
        for reference in sorted(set(raised)):
            self.stdout.write(f"{reference}: a safety flag was newly raised (see the request's history).")
        self.stdout.write(f"Re-screened {count} open request(s); {len(raised)} flag(s) newly raised.")
