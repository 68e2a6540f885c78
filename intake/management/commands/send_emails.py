from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from intake.outbox_worker import Worker


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox, and keep sending as new ones arrive (the email worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Stop once nothing is due (for a one-off catch-up or a test), instead of running on.",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=float(settings.OUTBOX_POLL_SECONDS),
            help="Seconds to wait between looks at the outbox when it is empty (default OUTBOX_POLL_SECONDS).",
        )

    def handle(self, *args: object, until_idle: bool, poll: float, **options: object) -> None:
        worker = Worker(poll_seconds=poll)
        worker.install_signal_handlers()
        handled = worker.run(until_idle=until_idle)
        if until_idle and options["verbosity"]:
            self.stdout.write(f"{handled} email(s) handled.")
