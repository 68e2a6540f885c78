"""The reviewed catalog file: loaded idempotently, with real facts, extended by pharmacists in the admin."""

import tomllib

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from intake import screening
from intake.catalog import CATALOG_FILE, load_catalog, read_catalog_file
from intake.models import ConsultationRequest, Medicine, MedicineName
from intake.roles import CLINICIANS
from tests.support.patients import valid_form_data, with_medicines
from tests.support.staff import login_verified, make_staff

pytestmark = pytest.mark.django_db

DrugClass = Medicine.DrugClass


def classes_of(name: str) -> set[str]:
    return set(MedicineName.objects.filter(name__iexact=name).values_list("medicine__drug_class", flat=True))


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        # Opioids by brand, from the products' FDA labels.
        ("Norco", "hydrocodone"),
        ("Lortab", "hydrocodone"),
        ("Percocet", "oxycodone"),
        ("OxyContin", "oxycodone"),
        ("Ultracet", "tramadol"),
        ("Demerol", "meperidine"),
        ("Dilaudid", "hydromorphone"),
        ("Nucynta", "tapentadol"),
        ("Duragesic", "fentanyl"),
        ("Dolophine", "methadone"),
        ("Sublocade", "buprenorphine"),
        ("Lomotil", "diphenoxylate"),
        # Opioid blockers.
        ("Vivitrol", "naltrexone"),
        ("Contrave", "naltrexone"),
        ("Narcan", "naloxone"),
        ("Lybalvi", "samidorphan"),
        ("Movantik", "naloxegol"),
        # RA medicines, biosimilars by brand and by suffixed generic.
        ("Amjevita", "adalimumab"),
        ("adalimumab-atto", "adalimumab"),
        ("Inflectra", "infliximab"),
        ("Imuran", "azathioprine"),
        ("Kenalog-40", "triamcinolone"),
        ("Otrexup", "methotrexate"),
    ],
)
def test_the_catalog_knows_real_products_by_their_names(name: str, generic: str) -> None:
    assert generic in set(
        MedicineName.objects.filter(name__iexact=name).values_list("medicine__generic_name", flat=True)
    )


def test_every_opioid_in_the_clinics_reference_list_is_an_opioid() -> None:
    # ../shared/reference/medicines-and-safety.md, "Opioids — naltrexone blocks them".
    for generic in [
        "tramadol", "codeine", "hydrocodone", "oxycodone", "morphine", "hydromorphone", "oxymorphone",
        "tapentadol", "fentanyl", "methadone", "buprenorphine", "diphenoxylate",
    ]:  # fmt: skip
        assert Medicine.objects.get(generic_name=generic).drug_class == DrugClass.OPIOID


def test_combination_products_belong_to_every_medicine_they_contain() -> None:
    assert classes_of("Suboxone") == {DrugClass.OPIOID, DrugClass.OPIOID_BLOCKER}
    assert classes_of("Targiniq") == {DrugClass.OPIOID, DrugClass.OPIOID_BLOCKER}


def test_the_constipation_blockers_are_their_own_class() -> None:
    assert set(Medicine.objects.filter(drug_class=DrugClass.CONSTIPATION_BLOCKER).values_list("generic_name", flat=True)) == {
        "methylnaltrexone", "naloxegol", "naldemedine", "alvimopan",
    }  # fmt: skip


def test_every_entry_of_the_file_names_its_source() -> None:
    with CATALOG_FILE.open("rb") as handle:
        entries = tomllib.load(handle)["medicine"]

    assert entries
    for entry in entries:
        assert entry["source"].strip(), entry["generic"]
        assert entry["class"] in DrugClass.values, entry["generic"]


def test_the_file_is_what_a_new_database_holds() -> None:
    for entry in read_catalog_file():
        medicine = Medicine.objects.get(generic_name=entry.generic)
        assert medicine.drug_class == entry.drug_class
        assert {name.lower() for name, _brand, _lang in entry.names} <= {
            name.lower() for name in medicine.names.values_list("name", flat=True)
        }


def test_loading_the_catalog_again_changes_nothing() -> None:
    before = sorted(
        MedicineName.objects.values_list("medicine__generic_name", "name", "is_brand", "language")
    )

    report = load_catalog(Medicine, MedicineName)

    assert (report.medicines_added, report.medicines_changed, report.names_added, report.names_removed) == (
        [],
        [],
        0,
        0,
    )
    assert (
        sorted(MedicineName.objects.values_list("medicine__generic_name", "name", "is_brand", "language"))
        == before
    )


def test_loading_keeps_a_name_a_pharmacist_added_and_puts_back_a_deleted_one() -> None:
    oxycodone = Medicine.objects.get(generic_name="oxycodone")
    MedicineName.objects.create(medicine=oxycodone, name="Oxy IR 5")
    MedicineName.objects.filter(medicine=oxycodone, name="Endocet").delete()

    report = load_catalog(Medicine, MedicineName)

    assert report.names_added == 1
    assert set(oxycodone.names.filter(name__in=["Oxy IR 5", "Endocet"]).values_list("name", flat=True)) == {
        "Oxy IR 5", "Endocet",
    }  # fmt: skip


def test_a_name_cannot_be_given_twice_to_one_medicine_in_another_case() -> None:
    medicine = Medicine.objects.get(generic_name="adalimumab")

    with pytest.raises(IntegrityError), transaction.atomic():
        MedicineName.objects.create(medicine=medicine, name="HUMIRA", is_brand=True)


def test_a_name_a_clinician_adds_in_the_admin_is_used_by_the_next_submission(client: Client) -> None:
    pharmacist = login_verified(Client(), make_staff("pat_pharmd", CLINICIANS))
    screening.current_catalog()  # compiled and cached, as in a running process
    codeine = Medicine.objects.get(generic_name="codeine")
    url = f"/admin/intake/medicine/{codeine.pk}/change/"
    names = list(codeine.names.order_by("pk").values_list("pk", "name", "is_brand", "language"))
    data = {"generic_name": "codeine", "drug_class": "opioid", "source": codeine.source}
    data |= {"names-TOTAL_FORMS": str(len(names) + 1), "names-INITIAL_FORMS": str(len(names))}
    data |= {"names-MIN_NUM_FORMS": "0", "names-MAX_NUM_FORMS": "1000"}
    for index, (pk, name, is_brand, language) in enumerate(names):
        data |= {f"names-{index}-id": str(pk), f"names-{index}-medicine": str(codeine.pk)}
        data |= {f"names-{index}-name": name, f"names-{index}-language": language}
        if is_brand:
            data[f"names-{index}-is_brand"] = "on"
    new = len(names)
    data |= {
        f"names-{new}-name": "Purple Drank",
        f"names-{new}-language": "en",
        f"names-{new}-medicine": str(codeine.pk),
    }

    response = pharmacist.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submitted = with_medicines(valid_form_data(), ("purple drank", "", "weekends"))
    assert client.post("/consultation/", submitted).status_code == 302

    consultation = ConsultationRequest.objects.get(submission_token=submitted["submission_token"])
    assert consultation.flag_opioid is True
    assert consultation.medicines.get().matches.get().medicine == codeine


def test_the_form_suggests_every_catalog_name_once(client: Client) -> None:
    page = client.get("/consultation/").content.decode()

    assert page.count('<option value="Suboxone">') == 1
    for name in MedicineName.objects.values_list("name", flat=True):
        assert f'<option value="{name}">' in page
