from django.core.management.base import BaseCommand

from education.seeding import seed_pages


class Command(BaseCommand):
    help = (
        "Create or update the education pages from education/content/ and its language folders "
        "(education/content/es/); keeps pages editors changed."
    )

    def handle(self, *args: object, **options: object) -> None:
        report = seed_pages()
        for label, slugs in [
            ("created", report.created),
            ("updated", report.updated),
            ("kept (edited in the admin)", report.kept_edited),
            ("unchanged", report.unchanged),
        ]:
            if slugs:
                self.stdout.write(f"{label}: {', '.join(slugs)}")
