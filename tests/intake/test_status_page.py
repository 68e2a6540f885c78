"""The patient's private status page at /consultation/status/<signed token>/."""

import pytest
from django.core import signing
from django.test import Client

from intake.models import STATUS_TOKEN_SALT, ConsultationRequest
from tests.support.html import read
from tests.support.patients import valid_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(client: Client) -> ConsultationRequest:
    client.post("/consultation/", valid_form_data())
    return ConsultationRequest.objects.get()


def test_it_shows_the_reference_and_what_happens_next(
    client: Client, consultation: ConsultationRequest
) -> None:
    response = client.get(f"/consultation/status/{consultation.status_token}/")

    page = read(response)
    assert response.status_code == 200
    assert page.title == "Your consultation request · Welltopia"
    assert f"Reference number: {consultation.reference}" in page.main_text
    assert "Status: New We have your request. It is waiting for a member of our care team to review it." in (
        page.main_text
    )
    assert ("Withdraw my request", f"/consultation/status/{consultation.status_token}/withdraw/") in (
        page.main_links
    )


def test_it_shows_no_health_details_or_contact_details(
    client: Client, consultation: ConsultationRequest
) -> None:
    page = read(client.get(f"/consultation/status/{consultation.status_token}/"))

    for answer in ["Marta", "Quillfeather", "marta@example.com", "555-0123", "Methotrexate", "mornings"]:
        assert answer not in page.text


def test_it_follows_the_request_through_the_queue(client: Client, consultation: ConsultationRequest) -> None:
    ConsultationRequest.objects.filter(pk=consultation.pk).update(status=ConsultationRequest.Status.IN_REVIEW)

    page = read(client.get(f"/consultation/status/{consultation.status_token}/"))

    assert "Status: In review A member of our care team is reviewing your answers." in page.main_text


def test_a_token_with_one_character_of_the_signature_changed_is_not_found(
    client: Client, consultation: ConsultationRequest
) -> None:
    token = consultation.status_token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(f"/consultation/status/{tampered}/")

    assert response.status_code == 404
    assert consultation.reference not in response.content.decode()


def test_a_token_with_another_reference_and_the_old_signature_is_not_found(
    client: Client, consultation: ConsultationRequest
) -> None:
    other = ConsultationRequest.objects.create(
        **{field: getattr(consultation, field) for field in ["first_name", "last_name", "email", "phone"]},
        submission_token="0b3c2d6e-5f4a-4b8c-9d1e-2f3a4b5c6d7e",
    )
    _reference, signature = consultation.status_token.split(":", 1)

    response = client.get(f"/consultation/status/{other.reference}:{signature}/")

    assert response.status_code == 404


def test_a_properly_signed_unknown_reference_is_not_found(
    client: Client, consultation: ConsultationRequest
) -> None:
    token = signing.Signer(salt=STATUS_TOKEN_SALT).sign("WT-AAAA-AAAA")

    response = client.get(f"/consultation/status/{token}/")

    assert response.status_code == 404


def test_a_bare_reference_is_not_found(client: Client, consultation: ConsultationRequest) -> None:
    response = client.get(f"/consultation/status/{consultation.reference}/")

    assert response.status_code == 404


def test_a_reference_signed_for_another_purpose_is_not_found(
    client: Client, consultation: ConsultationRequest
) -> None:
    token = signing.Signer().sign(consultation.reference)

    response = client.get(f"/consultation/status/{token}/")

    assert response.status_code == 404


def test_it_only_answers_get(client: Client, consultation: ConsultationRequest) -> None:
    response = client.post(f"/consultation/status/{consultation.status_token}/")

    assert response.status_code == 405
