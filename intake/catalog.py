"""Loading the reviewed medicine catalog (intake/data/medicines.toml) into the database.

Idempotent: loading twice changes nothing the second time. A medicine's class and source, and
the names the file gives it, follow the file; a name a pharmacist added in the admin is never
removed or changed by a load. Used by a migration (on a new database) and by
`manage.py load_catalog` (after the file changes; then run `manage.py rescreen_requests`).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATALOG_FILE = Path(__file__).resolve().parent / "data" / "medicines.toml"


@dataclass(frozen=True)
class Entry:
    generic: str
    drug_class: str
    source: str
    # (name, is_brand, language)
    names: tuple[tuple[str, bool, str], ...]


@dataclass
class LoadReport:
    medicines_added: list[str] = field(default_factory=list)
    medicines_changed: list[str] = field(default_factory=list)
    names_added: int = 0
    names_removed: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.medicines_added)} medicines added, {len(self.medicines_changed)} changed, "
            f"{self.names_added} names added, {self.names_removed} removed."
        )


def read_catalog_file(path: Path = CATALOG_FILE) -> list[Entry]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    entries = []
    for item in data["medicine"]:
        names: dict[str, tuple[str, bool, str]] = {}

        def add(name: str, is_brand: bool, language: str, names: dict = names) -> None:
            # One row per spelling (ignoring case): "tramadol" is both the English and Spanish name.
            names.setdefault(name.lower(), (name, is_brand, language))

        add(item["generic"], False, "en")
        for name in item.get("names", []):
            add(name, False, "en")
        for brand in item.get("brands", []):
            add(brand, True, "en")
        for name in item.get("es", []):
            add(name, False, "es")
        entries.append(Entry(item["generic"], item["class"], item["source"], tuple(names.values())))
    return entries


def load_catalog(medicine_model: Any, name_model: Any, path: Path = CATALOG_FILE) -> LoadReport:
    """Bring the database's catalog in line with the file. Models are passed in for migrations."""
    report = LoadReport()
    for entry in read_catalog_file(path):
        medicine, created = medicine_model.objects.get_or_create(
            generic_name=entry.generic, defaults={"drug_class": entry.drug_class, "source": entry.source}
        )
        if created:
            report.medicines_added.append(entry.generic)
        elif (medicine.drug_class, medicine.source) != (entry.drug_class, entry.source):
            medicine.drug_class, medicine.source = entry.drug_class, entry.source
            medicine.save(update_fields=["drug_class", "source"])
            report.medicines_changed.append(entry.generic)
        existing = {row.name.lower(): row for row in name_model.objects.filter(medicine=medicine)}
        wanted = {name.lower() for name, _brand, _language in entry.names}
        for name, is_brand, language in entry.names:
            row = existing.get(name.lower())
            if row is None:
                name_model.objects.create(
                    medicine=medicine, name=name, is_brand=is_brand, language=language, from_catalog_file=True
                )
                report.names_added += 1
            elif row.from_catalog_file and (row.name, row.is_brand, row.language) != (
                name,
                is_brand,
                language,
            ):
                row.name, row.is_brand, row.language = name, is_brand, language
                row.save(update_fields=["name", "is_brand", "language"])
        gone = [row.pk for key, row in existing.items() if row.from_catalog_file and key not in wanted]
        if gone:
            name_model.objects.filter(pk__in=gone).delete()
            report.names_removed += len(gone)
    return report
