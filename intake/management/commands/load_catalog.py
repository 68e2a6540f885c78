from django.core.management.base import BaseCommand
from django.db import transaction

from intake import screening
from intake.catalog import CATALOG_FILE, load_catalog
from intake.models import Medicine, MedicineName


class Command(BaseCommand):
    help = (
        f"Load the reviewed medicine catalog ({CATALOG_FILE.name}) into the database. Idempotent; names "
        "pharmacists added in the admin are kept. Run rescreen_requests afterwards."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            report = load_catalog(Medicine, MedicineName)
        screening.catalog_changed()
        self.stdout.write(f"Catalog loaded: {report}")
