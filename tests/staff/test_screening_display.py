"""A request's page says, per medicine row, exactly why a flag was raised; staff can clear a possible match."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake import screening
from intake.models import AccessLog, ConsultationRequest, MedicineMatch, StatusChange
from tests.support.html import admin_messages, page
from tests.support.patients import submit_request
from tests.support.urls import change_url

pytestmark = pytest.mark.django_db


def _submit(rows: list[tuple[str, str, str]], answers: dict) -> ConsultationRequest:
    """A request sent through the form with exactly these medicine rows."""
    return submit_request(medicines=rows, **answers)


def medicines_section(client: Client, consultation: ConsultationRequest):
    return page(client.get(change_url(consultation))).find(id="medicines")


def test_each_row_says_what_it_matched_and_why_it_raised_a_flag(coordinator_client: Client) -> None:
    consultation = _submit([("Lortab 7.5", "", ""), ("Humira", "40 mg", ""), ("fish oil", "", "")], {})

    rows = medicines_section(coordinator_client, consultation).find("tbody").find_all("tr")

    assert [row.find_all("td")[1].text for row in rows] == [
        "OPIOID — matched 'Lortab' → hydrocodone",
        "TNF inhibitor (adalimumab)",
        "Not in the catalog",
    ]
    assert "wt-row-flagged" in rows[0].classes
    assert "wt-row-flagged" not in rows[1].classes


def test_a_possible_misspelling_says_check_with_the_patient(coordinator_client: Client) -> None:
    consultation = _submit([("oxycodon 5mg", "", "")], {})

    section = medicines_section(coordinator_client, consultation)

    assert (
        "OPIOID? 'oxycodon' is a possible misspelling of oxycodone — check with the patient" in section.text
    )
    assert "Not oxycodone? Clear it…" in section.text


def test_the_flags_on_the_page_are_the_ones_the_rows_and_answers_explain(coordinator_client: Client) -> None:
    consultation = _submit(
        [("Contrave", "", ""), ("ibuprofen and tramadol", "", "")], {"liver_disease": "yes"}
    )

    root = page(coordinator_client.get(change_url(consultation)))

    header_flags = [badge.text for badge in root.find(id="request-header").find_all("span", cls="wt-flag")]
    assert header_flags == consultation.flags == ["Opioid", "Already on an opioid blocker", "Liver"]
    reasons = root.find(id="safety-flags").text
    assert "OPIOID — matched 'tramadol'" in reasons
    assert "OPIOID BLOCKER — matched 'Contrave' → naltrexone" in reasons
    assert "The patient answered yes: liver disease, hepatitis or a liver blood test" in reasons


def test_the_request_page_takes_the_same_queries_for_one_or_ten_medicine_rows(
    coordinator_client: Client,
) -> None:
    """Guards the N+1 on the medicine rows and their matches."""
    one = _submit([("Norco", "", "")], {})
    ten = _submit(
        [
            (name, "", "")
            for name in [
                "Norco",
                "Humira",
                "Aleve",
                "Plaquenil",
                "Medrol",
                "Otrexup",
                "Xeljanz",
                "Orencia",
                "Celebrex",
                "oxycodon",
            ]
        ],
        {},
    )
    coordinator_client.get(change_url(one))

    with CaptureQueriesContext(connection) as with_one:
        coordinator_client.get(change_url(one))
    with CaptureQueriesContext(connection) as with_ten:
        coordinator_client.get(change_url(ten))

    assert len(with_ten) == len(with_one)


# --------------------------------------------------------------------------- clearing a possible match


def test_clearing_a_possible_match_drops_its_flag_and_is_recorded(
    coordinator_client: Client, coordinator
) -> None:
    consultation = _submit([("oxycodon", "", "")], {})
    match = MedicineMatch.objects.get(row__request=consultation)
    assert consultation.flag_opioid is True

    response = coordinator_client.post(
        f"/admin/intake/consultationrequest/match/{match.pk}/clear/",
        {"note": "Patient confirmed it is oxybutynin for her bladder."},
        follow=True,
    )

    assert admin_messages(response, "success") == ["Cleared: 'oxycodon' is no longer read as oxycodone."]
    consultation.refresh_from_db()
    match.refresh_from_db()
    assert consultation.flag_opioid is False
    assert (match.cleared_by, match.clear_note) == (
        coordinator,
        "Patient confirmed it is oxybutynin for her bladder.",
    )
    entry = StatusChange.objects.get(request=consultation, event=StatusChange.Event.FLAG_CLEARED)
    assert entry.reason == "'oxycodon' is not oxycodone: Patient confirmed it is oxybutynin for her bladder."
    assert AccessLog.objects.filter(request=consultation, detail="Cleared a possible medicine match").exists()
    assert "Cleared by casey: Patient confirmed it is oxybutynin" in page(response).find(id="medicines").text
    assert screening.flags_matching(consultation) == {}


def test_clearing_needs_a_note_and_keeps_the_flag_without_one(coordinator_client: Client) -> None:
    consultation = _submit([("oxycodon", "", "")], {})
    match = MedicineMatch.objects.get(row__request=consultation)

    response = coordinator_client.post(
        f"/admin/intake/consultationrequest/match/{match.pk}/clear/", {"note": " "}
    )

    assert response.status_code == 400
    assert "Say why it is not that medicine" in page(response).find(id="content").text
    consultation.refresh_from_db()
    assert consultation.flag_opioid is True


def test_an_exact_match_cannot_be_cleared(coordinator_client: Client) -> None:
    consultation = _submit([("Norco", "", "")], {})
    match = MedicineMatch.objects.get(row__request=consultation)

    response = coordinator_client.post(
        f"/admin/intake/consultationrequest/match/{match.pk}/clear/",
        {"note": "She says it is not."},
        follow=True,
    )

    assert admin_messages(response, "error") == [
        "Only a possible match (a probable misspelling) can be cleared."
    ]
    consultation.refresh_from_db()
    assert consultation.flag_opioid is True


def test_an_opioid_answer_keeps_the_flag_after_a_possible_match_is_cleared(
    coordinator_client: Client,
) -> None:
    consultation = _submit(
        [("oxycodon", "", "")],
        {"opioid_use": "yes", "opioid_details": "Norco", "opioid_last_taken": "2026-10-01"},
    )
    match = MedicineMatch.objects.get(row__request=consultation, medicine__generic_name="oxycodone")

    coordinator_client.post(
        f"/admin/intake/consultationrequest/match/{match.pk}/clear/", {"note": "Misspelt Norco."}
    )

    consultation.refresh_from_db()
    assert consultation.flag_opioid is True
