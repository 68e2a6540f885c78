"""The patient withdraws their own request from the status page, after confirming."""

import pytest
from django.core import mail
from django.test import Client

from intake.models import ConsultationRequest, StatusChange
from tests.support.html import read
from tests.support.patients import valid_form_data

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status


@pytest.fixture
def consultation(client: Client) -> ConsultationRequest:
    client.post("/consultation/", valid_form_data())
    return ConsultationRequest.objects.get()


def withdraw_url(consultation: ConsultationRequest) -> str:
    return f"/consultation/status/{consultation.status_token}/withdraw/"


def set_status(consultation: ConsultationRequest, status: str) -> None:
    ConsultationRequest.objects.filter(pk=consultation.pk).update(status=status)


def test_it_asks_for_confirmation_first(client: Client, consultation: ConsultationRequest) -> None:
    response = client.get(withdraw_url(consultation))

    page = read(response)
    assert response.status_code == 200
    assert page.title == "Withdraw your request · Welltopia"
    assert page.main_text.startswith(f"Withdraw your request? Reference number: {consultation.reference}")
    assert "Please also delete the answers I gave in my request." in page.main_text
    assert ("No, keep my request", consultation.get_status_url()) in page.main_links
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW
    assert consultation.withdrawn_at is None
    assert consultation.status_changes.count() == 1


def test_confirming_withdraws_the_request(client: Client, consultation: ConsultationRequest) -> None:
    response = client.post(withdraw_url(consultation))

    assert response.status_code == 302
    assert response["Location"] == consultation.get_status_url()
    consultation.refresh_from_db()
    assert consultation.status == Status.WITHDRAWN
    assert consultation.withdrawn_at is not None
    assert consultation.closed_at is not None
    assert consultation.deletion_requested is False
    change = consultation.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (Status.NEW, Status.WITHDRAWN, None)
    assert change.reason == "Withdrawn by the patient."


def test_ticking_the_box_asks_for_the_answers_to_be_deleted(
    client: Client, consultation: ConsultationRequest
) -> None:
    client.post(withdraw_url(consultation), {"delete_data": "yes"})

    consultation.refresh_from_db()
    assert consultation.status == Status.WITHDRAWN
    assert consultation.deletion_requested is True
    assert consultation.status_changes.last().reason == (
        "Withdrawn by the patient, who asked for their answers to be deleted."
    )


def test_the_status_page_then_says_it_was_withdrawn(
    client: Client, consultation: ConsultationRequest
) -> None:
    response = client.post(withdraw_url(consultation), {"delete_data": "yes"}, follow=True)

    page = read(response)
    assert "Your request has been withdrawn. You don't need to do anything else." in page.main_text
    assert (
        "Status: Withdrawn You withdrew this request. We will not contact you about it. "
        "You asked us to delete your answers. Our team will do this soon."
    ) in page.main_text
    assert "Withdraw my request" not in page.main_text


def test_a_request_in_review_or_scheduled_can_be_withdrawn(
    client: Client, consultation: ConsultationRequest
) -> None:
    for status in [Status.IN_REVIEW, Status.SCHEDULED]:
        set_status(consultation, status)

        client.post(withdraw_url(consultation))

        consultation.refresh_from_db()
        assert consultation.status == Status.WITHDRAWN
        assert consultation.status_changes.last().from_status == status


def test_withdrawing_twice_changes_nothing_the_second_time(
    client: Client, consultation: ConsultationRequest
) -> None:
    client.post(withdraw_url(consultation))
    consultation.refresh_from_db()
    withdrawn_at = consultation.withdrawn_at

    response = client.post(withdraw_url(consultation), {"delete_data": "yes"}, follow=True)

    consultation.refresh_from_db()
    assert consultation.withdrawn_at == withdrawn_at
    assert consultation.deletion_requested is False
    assert consultation.status_changes.count() == 2
    assert "This request can no longer be withdrawn." in read(response).main_text


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.DECLINED])
def test_a_closed_request_cannot_be_withdrawn(
    client: Client, consultation: ConsultationRequest, status: str
) -> None:
    set_status(consultation, status)

    confirmation = client.get(withdraw_url(consultation))
    response = client.post(withdraw_url(consultation), {"delete_data": "yes"}, follow=True)

    assert confirmation.status_code == 302
    assert confirmation["Location"] == consultation.get_status_url()
    consultation.refresh_from_db()
    assert consultation.status == status
    assert consultation.withdrawn_at is None
    assert consultation.deletion_requested is False
    assert StatusChange.objects.filter(to_status=Status.WITHDRAWN).count() == 0
    page = read(response)
    assert "This request can no longer be withdrawn." in page.main_text
    assert "Withdraw my request" not in page.main_text


def test_a_tampered_token_cannot_withdraw(client: Client, consultation: ConsultationRequest) -> None:
    token = consultation.status_token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.post(f"/consultation/status/{tampered}/withdraw/")

    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW


def test_withdrawing_needs_the_csrf_token(csrf_client: Client, consultation: ConsultationRequest) -> None:
    response = csrf_client.post(withdraw_url(consultation))

    assert response.status_code == 403
    consultation.refresh_from_db()
    assert consultation.status == Status.NEW


def test_staff_are_told_of_a_withdrawal_and_of_a_deletion_request_without_patient_data(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", valid_form_data())
    consultation = ConsultationRequest.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{consultation.get_status_url()}withdraw/", {"delete_data": "yes"})

    [message] = mail.outbox
    assert message.to == ["intake@welltopia.example"]
    assert message.subject == f"Consultation request {consultation.reference} was withdrawn"
    assert "They asked for their answers to be deleted." in message.body
    assert f"/admin/intake/consultationrequest/{consultation.pk}/change/" in message.body
    for private in ["Marta", "Quillfeather", "marta@example.com", "Methotrexate"]:
        assert private not in message.body
