"""The emails a new request sends: what they say, and that they are stored with the request."""

import logging
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from pytest_django import Settings

from intake.models import ConsultationRequest, OutgoingEmail
from tests.support.patients import valid_form_data, with_medicines

PATIENT_ANSWERS = {
    "first_name": "Marta",
    "last_name": "Quillfeather",
    "email": "marta@example.com",
    "phone": "(201) 555-0123",
    "goals": "Walk to the bakery without my knees aching.",
}
MEDICINES = [("Methotrexate", "15 mg", "once a week"), ("Percocet", "5/325", "at night")]


@pytest.fixture
def sent(client: Client, mailoutbox: list, django_capture_on_commit_callbacks) -> ConsultationRequest:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", with_medicines(valid_form_data(**PATIENT_ANSWERS), *MEDICINES))
    return ConsultationRequest.objects.get()


@pytest.mark.django_db
def test_it_sends_the_patient_and_the_staff_one_email_each(
    sent: ConsultationRequest, mailoutbox: list
) -> None:
    assert sorted(message.to[0] for message in mailoutbox) == [
        "intake@welltopia.example",
        "marta@example.com",
    ]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mailoutbox)


@pytest.mark.django_db
def test_the_patient_gets_their_reference_and_private_link(
    sent: ConsultationRequest, mailoutbox: list
) -> None:
    [message] = [message for message in mailoutbox if message.to == ["marta@example.com"]]

    assert message.subject == f"We received your consultation request {sent.reference}"
    assert f"Your reference number: {sent.reference}" in message.body
    assert f"https://clinic.example/consultation/status/{sent.status_token}/" in message.body
    assert message.body.startswith("Hello Marta,\n")


@pytest.mark.django_db
def test_the_patient_email_repeats_no_health_details(sent: ConsultationRequest, mailoutbox: list) -> None:
    [message] = [message for message in mailoutbox if message.to == ["marta@example.com"]]

    for detail in ["Methotrexate", "Percocet", PATIENT_ANSWERS["goals"], "Opioid"]:
        assert detail not in message.body


@pytest.mark.django_db
def test_the_staff_email_links_to_the_request_in_the_admin(
    sent: ConsultationRequest, mailoutbox: list, settings: Settings
) -> None:
    [message] = [message for message in mailoutbox if message.to == [settings.STAFF_NOTIFICATION_EMAIL]]

    assert message.subject == f"New consultation request {sent.reference}"
    assert f"https://clinic.example/admin/intake/consultationrequest/{sent.pk}/change/" in message.body


@pytest.mark.django_db
def test_the_staff_email_carries_no_patient_data(
    sent: ConsultationRequest, mailoutbox: list, settings: Settings
) -> None:
    [message] = [message for message in mailoutbox if message.to == [settings.STAFF_NOTIFICATION_EMAIL]]

    patient_data = [
        *PATIENT_ANSWERS.values(),
        str(sent.phone),
        "555-0123",
        *[name for name, _dose, _frequency in MEDICINES],
        "Opioid",
        "California",
    ]
    for value in patient_data:
        assert value not in message.subject
        assert value not in message.body
    # The private status link would let anyone read the request's status.
    assert sent.status_token not in message.body


# --------------------------------------------------------------------------- the outbox


@pytest.mark.django_db
def test_each_email_is_a_row_stored_with_the_request_and_marked_sent(sent: ConsultationRequest) -> None:
    assert sorted(sent.emails.values_list("kind", "status", "attempts")) == [
        ("patient_confirmation", "sent", 1),
        ("staff_new_request", "sent", 1),
    ]
    assert all(email.sent_at is not None for email in sent.emails.all())


@pytest.mark.django_db
def test_every_email_carries_its_rows_stable_message_id(sent: ConsultationRequest, mailoutbox: list) -> None:
    ids = {f"<{email.uuid}@welltopia.example>" for email in sent.emails.all()}

    assert {message.extra_headers["Message-ID"] for message in mailoutbox} == ids
    assert {message.message()["Message-ID"] for message in mailoutbox} == ids


@pytest.mark.django_db
def test_with_a_worker_the_request_is_answered_before_any_email_is_sent(
    client: Client, settings: Settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_DELIVERY = "worker"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    assert response["Location"] == consultation.get_status_url()
    assert sorted(consultation.emails.values_list("kind", "status")) == [
        ("patient_confirmation", "pending"),
        ("staff_new_request", "pending"),
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_request_that_fails_to_save_leaves_no_email_behind(django_capture_on_commit_callbacks) -> None:
    client = Client(raise_request_exception=False)

    with (
        mock.patch("intake.submission.StatusChange.objects.create", side_effect=RuntimeError("disk full")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/consultation/", valid_form_data())

    assert response.status_code == 500
    assert ConsultationRequest.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


class DisconnectedMailer(BaseEmailBackend):
    """A mail server that drops the connection."""

    def send_messages(self, email_messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.django_db
def test_with_the_mail_server_down_the_request_is_answered_and_its_emails_wait(
    client: Client, settings: Settings, django_capture_on_commit_callbacks, caplog: pytest.LogCaptureFixture
) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DisconnectedMailer"}}

    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
        response = client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    assert response["Location"] == consultation.get_status_url()
    assert sorted(consultation.emails.values_list("kind", "status", "attempts", "last_error")) == [
        ("patient_confirmation", "pending", 1, "SMTPServerDisconnected"),
        ("staff_new_request", "pending", 1, "SMTPServerDisconnected"),
    ]
    assert sorted(record.getMessage() for record in caplog.records if record.name == "intake.outbox") == [
        f"Sending patient_confirmation for {consultation.reference} failed (attempt 1): "
        "SMTPServerDisconnected; next try in 1 min",
        f"Sending staff_new_request for {consultation.reference} failed (attempt 1): "
        "SMTPServerDisconnected; next try in 1 min",
    ]
