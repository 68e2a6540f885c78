"""Matching what patients write in their medicine list against the catalog.

People write "Percocet 5/325", "oxycodone ER" or "TRAMADOL": a catalog name counts when it
appears as a whole word, ignoring case, so an opioid is caught by generic or brand name.
"""

import re
from dataclasses import dataclass

from intake.models import Medicine, MedicineName


@dataclass(frozen=True)
class CatalogName:
    pattern: re.Pattern[str]
    medicine: Medicine


def load_catalog() -> list[CatalogName]:
    """Every catalog name, longest first so "Tylenol with Codeine" wins over shorter names. One query."""
    names = MedicineName.objects.select_related("medicine").order_by()
    entries = [
        CatalogName(re.compile(rf"(?<![\w-]){re.escape(entry.name.lower())}(?![\w-])"), entry.medicine)
        for entry in names
    ]
    entries.sort(key=lambda entry: len(entry.pattern.pattern), reverse=True)
    return entries


def match_medicine(text: str, catalog: list[CatalogName]) -> Medicine | None:
    lowered = " ".join(text.lower().split())
    for entry in catalog:
        if entry.pattern.search(lowered):
            return entry.medicine
    return None


def opioid_names_in(names: list[str], catalog: list[CatalogName] | None = None) -> list[str]:
    """The names, among those given, that the catalog knows as an opioid."""
    catalog = load_catalog() if catalog is None else catalog
    opioids = [entry for entry in catalog if entry.medicine.is_opioid]
    return [name for name in names if match_medicine(name, opioids) is not None]
