"""Sending a valid consultation request: what is stored, where the person lands, what they see."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake import screening
from intake.models import Consent, ConsultationRequest, Medicine, StatusChange, new_reference
from tests.support.html import read
from tests.support.patients import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db

TEN_MEDICINES = [
    "Methotrexate",
    "Plaquenil",
    "Humira",
    "prednisone",
    "Aleve",
    "Celebrex",
    "Xeljanz",
    "folic acid",
    "vitamin D",
    "Tylenol",
]
REFERENCE = re.compile(r"^WT-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$")


def test_it_stores_the_request_with_its_answers(client: Client) -> None:
    data = valid_form_data()

    client.post("/consultation/", data)

    consultation = ConsultationRequest.objects.get()
    assert str(consultation.submission_token) == data["submission_token"]
    assert (consultation.first_name, consultation.last_name) == ("Marta", "Quillfeather")
    assert consultation.date_of_birth.isoformat() == "1970-03-25"
    assert consultation.email == "marta@example.com"
    assert str(consultation.phone) == "+12015550123"
    assert consultation.state == "CA"
    assert (consultation.contact_method, consultation.contact_time) == ("email", "morning")
    assert consultation.diagnosis_year == 2012
    assert consultation.rheumatologist_confirmed == "yes"
    assert (consultation.pain_score, consultation.overall_score) == (6, 5)
    assert consultation.morning_stiffness_minutes == 45
    assert consultation.flares_last_3_months == 2
    assert consultation.takes_no_medicines is False
    assert consultation.opioid_use is False
    assert consultation.thyroid_condition is False
    assert consultation.pregnancy == "no"
    assert consultation.concerns == ["joint_pain", "sleep"]
    assert consultation.goals == "Less pain in the mornings."
    assert consultation.flags == []


def test_it_gives_the_request_a_reference_without_look_alike_characters(client: Client) -> None:
    client.post("/consultation/", valid_form_data())

    assert REFERENCE.match(ConsultationRequest.objects.get().reference)
    assert all(REFERENCE.match(new_reference()) for _ in range(500))


def test_it_stores_each_medicine_row_matched_to_the_catalog(client: Client) -> None:
    data = with_medicines(
        valid_form_data(),
        ("Methotrexate", "15 mg", "once a week"),
        ("  Humira ", "40 mg", "every other week"),
        ("Fish oil", "1 g", "daily"),
    )

    client.post("/consultation/", data)

    rows = ConsultationRequest.objects.get().medicines.order_by("position")
    assert [(row.name, row.dose, row.frequency, row.position) for row in rows] == [
        ("Methotrexate", "15 mg", "once a week", 0),
        ("Humira", "40 mg", "every other week", 1),
        ("Fish oil", "1 g", "daily", 2),
    ]
    assert [list(row.catalog_medicines.all()) for row in rows] == [
        [Medicine.objects.get(generic_name="methotrexate")],
        [Medicine.objects.get(generic_name="adalimumab")],
        [],
    ]


def test_it_stores_no_rows_for_someone_who_takes_no_medicines(client: Client) -> None:
    data = with_medicines(valid_form_data(takes_no_medicines="on"))

    client.post("/consultation/", data)

    consultation = ConsultationRequest.objects.get()
    assert consultation.takes_no_medicines is True
    assert consultation.medicines.count() == 0


def test_it_stores_each_of_the_four_consents_with_its_time(client: Client) -> None:
    client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    consents = {consent.kind: consent.given_at for consent in consultation.consents.all()}
    assert set(consents) == {
        Consent.Kind.ACCURATE,
        Consent.Kind.PRIVACY,
        Consent.Kind.TELEHEALTH,
        Consent.Kind.NOT_EMERGENCY,
    }
    assert all(given_at is not None for given_at in consents.values())
    assert abs(consents[Consent.Kind.ACCURATE] - consultation.created_at).total_seconds() < 5


def test_it_starts_the_request_as_new_with_one_recorded_status_change(client: Client) -> None:
    client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    assert consultation.status == ConsultationRequest.Status.NEW
    change = StatusChange.objects.get()
    assert change.request == consultation
    assert (change.from_status, change.to_status, change.changed_by) == ("", "new", None)


def test_it_redirects_to_the_private_status_page(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consultation/status/{consultation.status_token}/"
    assert ConsultationRequest.reference_from_token(consultation.status_token) == consultation.reference


def test_the_status_page_it_lands_on_shows_the_reference(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data(), follow=True)

    reference = ConsultationRequest.objects.get().reference
    page = read(response)
    assert response.redirect_chain[0][1] == 302
    assert f"Reference number: {reference}" in page.main_text
    assert "Status: New" in page.main_text


def test_submitting_takes_the_same_number_of_queries_for_one_or_ten_medicines(client: Client) -> None:
    """Guards against an N+1 on the medicine rows (catalog lookups or one INSERT per row)."""
    one_row = with_medicines(valid_form_data(), ("Methotrexate", "15 mg", "weekly"))
    ten_rows = with_medicines(valid_form_data(), *[(name, "1 tablet", "daily") for name in TEN_MEDICINES])
    screening.current_catalog()  # compiled once per process, as in a running site

    with CaptureQueriesContext(connection) as with_one:
        assert client.post("/consultation/", one_row).status_code == 302
    with CaptureQueriesContext(connection) as with_ten:
        assert client.post("/consultation/", ten_rows).status_code == 302

    assert (
        ConsultationRequest.objects.get(submission_token=ten_rows["submission_token"]).medicines.count() == 10
    )
    assert len(with_ten) == len(with_one)
