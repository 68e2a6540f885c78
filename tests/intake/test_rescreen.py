"""manage.py rescreen_requests: open requests screened again after the catalog changed."""

import io

import pytest
from django.core.management import call_command

from intake import screening, workflow
from intake.models import ConsultationRequest, Medicine, MedicineMatch, MedicineName, StatusChange
from tests.support.patients import submit_request
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

Event = StatusChange.Event


def sent_with(*names: str) -> ConsultationRequest:
    return submit_request(medicines=[(name, "", "") for name in names])


def rescreen() -> str:
    out = io.StringIO()
    call_command("rescreen_requests", stdout=out)
    return out.getvalue()


def add_name(generic: str, name: str) -> None:
    MedicineName.objects.create(medicine=Medicine.objects.get(generic_name=generic), name=name)
    screening.catalog_changed()


def test_a_name_added_to_the_catalog_raises_the_flag_with_its_reason_in_the_history() -> None:
    consultation = sent_with("Methotrexate", "Purple drank")
    assert consultation.flag_opioid is False
    add_name("codeine", "Purple drank")

    output = rescreen()

    consultation.refresh_from_db()
    assert consultation.flag_opioid is True
    entry = consultation.status_changes.get(event=Event.FLAG_RAISED)
    assert entry.reason == "Opioid flag raised on re-screening: OPIOID — matched 'Purple drank' → codeine"
    assert entry.changed_by is None
    assert f"{consultation.reference}: a safety flag was newly raised" in output
    assert "codeine" not in output  # the reason stays in the history, never in a log
    assert output.strip().endswith("Re-screened 1 open request(s); 1 flag(s) newly raised.")


def test_rescreening_with_an_unchanged_catalog_changes_nothing() -> None:
    consultation = sent_with("Norco", "Humira")
    before = list(MedicineMatch.objects.values_list("row_id", "medicine_id", "how"))

    assert rescreen().strip() == "Re-screened 1 open request(s); 0 flag(s) newly raised."

    assert list(MedicineMatch.objects.values_list("row_id", "medicine_id", "how")) == before
    assert not consultation.status_changes.filter(event=Event.FLAG_RAISED).exists()


def test_a_cleared_possible_match_is_never_silently_raised_again() -> None:
    consultation = sent_with("oxycodon")
    coordinator = make_staff("casey", "Intake coordinators")
    match = MedicineMatch.objects.get(row__request=consultation)
    workflow.clear_possible_match(match, note="She meant oxybutynin.", by=coordinator)

    rescreen()

    consultation.refresh_from_db()
    assert consultation.flag_opioid is False
    assert MedicineMatch.objects.get(pk=match.pk).is_cleared
    assert not consultation.status_changes.filter(event=Event.FLAG_RAISED).exists()


def test_closed_requests_are_left_alone() -> None:
    consultation = sent_with("Purple drank")
    workflow.withdraw(consultation, delete_data=False)
    add_name("codeine", "Purple drank")

    assert rescreen().strip() == "Re-screened 0 open request(s); 0 flag(s) newly raised."

    consultation.refresh_from_db()
    assert consultation.flag_opioid is False


def test_a_possible_match_that_became_a_catalog_name_is_stored_as_exact() -> None:
    consultation = sent_with("oxycodon")
    add_name("oxycodone", "oxycodon")

    rescreen()

    match = MedicineMatch.objects.get(row__request=consultation)
    assert (match.how, match.matched_name) == (MedicineMatch.How.GENERIC, "oxycodon")
    consultation.refresh_from_db()
    assert consultation.flag_opioid is True
    assert not consultation.status_changes.filter(event=Event.FLAG_RAISED).exists()  # it was raised already
