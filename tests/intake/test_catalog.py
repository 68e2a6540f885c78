"""The medicine catalog seeded by migration 0002, and looking names up in it."""

import importlib

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from intake.models import Medicine, MedicineName
from intake.safety import load_catalog, match_medicine, opioid_names_in

pytestmark = pytest.mark.django_db

CATALOG: dict[str, dict[str, list[str]]] = importlib.import_module(
    "intake.migrations.0002_seed_medicine_catalog"
).CATALOG
SEEDED = [
    (drug_class, generic, brands)
    for drug_class, medicines in CATALOG.items()
    for generic, brands in medicines.items()
]


@pytest.mark.parametrize(
    ("drug_class", "generic", "brands"), SEEDED, ids=[generic for _c, generic, _b in SEEDED]
)
def test_every_listed_medicine_is_seeded_with_its_class_and_names(
    drug_class: str, generic: str, brands: list[str]
) -> None:
    medicine = Medicine.objects.get(generic_name=generic)

    assert medicine.drug_class == drug_class
    assert sorted(medicine.names.values_list("name", "is_brand")) == sorted(
        [(generic, False), *[(brand, True) for brand in brands]]
    )


def test_the_opioids_are_the_opioid_class() -> None:
    opioids = {medicine.generic_name for medicine in Medicine.objects.all() if medicine.is_opioid}

    assert opioids == set(CATALOG["opioid"])


def test_looking_up_names_ignores_case_and_spaces() -> None:
    found = MedicineName.objects.matching(["HUMIRA", "  percocet ", "methoTREXATE", "fish oil", ""])

    assert sorted((name.name, name.medicine.generic_name) for name in found) == [
        ("Humira", "adalimumab"),
        ("Percocet", "oxycodone"),
        ("methotrexate", "methotrexate"),
    ]


@pytest.mark.parametrize(
    ("written", "generic"),
    [
        ("XELJANZ XR 11 mg", "tofacitinib"),
        ("xeljanz", "tofacitinib"),
        ("Tylenol #3 at night", "codeine"),
        ("ms contin", "morphine"),
        ("Plaquenil  200mg", "hydroxychloroquine"),
    ],
)
def test_a_written_medicine_is_matched_by_any_of_its_names_in_any_case(written: str, generic: str) -> None:
    assert match_medicine(written, load_catalog()).generic_name == generic


@pytest.mark.parametrize("written", ["Tylenol", "vitamin D", "Advilpro", "predni"])
def test_something_the_catalog_does_not_know_is_not_matched(written: str) -> None:
    assert match_medicine(written, load_catalog()) is None


def test_opioids_are_picked_out_of_a_list_by_brand_or_generic_name() -> None:
    written = ["Humira", "PERCOCET 5/325", "ultram", "Aleve", "Dilaudid 2 mg"]

    assert opioid_names_in(written) == ["PERCOCET 5/325", "ultram", "Dilaudid 2 mg"]


def test_a_name_cannot_be_added_twice_in_another_case() -> None:
    medicine = Medicine.objects.get(generic_name="adalimumab")

    with pytest.raises(IntegrityError), transaction.atomic():
        MedicineName.objects.create(medicine=medicine, name="HUMIRA", is_brand=True)


def test_the_form_suggests_every_catalog_name(client: Client) -> None:
    page = client.get("/consultation/").content.decode()

    for name in MedicineName.objects.values_list("name", flat=True):
        assert f'<option value="{name}">' in page
