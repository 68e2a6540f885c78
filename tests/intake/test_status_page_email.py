"""The status page tells the patient their reference, and whether their confirmation email is delayed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from intake.models import ConsultationRequest
from tests.support.html import read
from tests.support.patients import valid_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(client: Client, settings: Settings) -> ConsultationRequest:
    settings.EMAIL_DELIVERY = "worker"
    client.post("/consultation/", valid_form_data())
    return ConsultationRequest.objects.get()


def status_text(client: Client, consultation: ConsultationRequest) -> str:
    return read(client.get(consultation.get_status_url())).main_text


def test_right_after_sending_it_says_the_email_is_on_its_way_with_the_reference(
    client: Client, waiting: ConsultationRequest
) -> None:
    assert (
        f"We are sending you a confirmation email with your reference number, {waiting.reference}. "
        "If it doesn't arrive, you don't need to send your request again: keep this page's address."
    ) in status_text(client, waiting)


def test_when_the_email_is_failing_it_says_so_kindly_and_repeats_the_reference(
    client: Client, waiting: ConsultationRequest
) -> None:
    waiting.emails.filter(kind="patient_confirmation").update(attempts=3, last_error="SMTPServerDisconnected")

    assert (
        "Your confirmation email is delayed. Your request is safely with us. We haven't been able to send "
        f"the email yet and will keep trying. Please note your reference number, {waiting.reference}, and "
        "keep this page's address: you don't need to send your request again."
    ) in status_text(client, waiting)


def test_with_no_worker_running_a_late_email_is_called_delayed(
    client: Client, waiting: ConsultationRequest
) -> None:
    waiting.emails.update(send_after=timezone.now() - datetime.timedelta(minutes=20))

    assert "Your confirmation email is delayed." in status_text(client, waiting)


def test_once_the_email_is_sent_the_page_says_nothing_about_it(client: Client) -> None:
    client.post("/consultation/", valid_form_data())
    consultation = ConsultationRequest.objects.get()
    consultation.emails.update(status="sent", sent_at=timezone.now())

    text = status_text(client, consultation)
    assert "confirmation email" not in text
    assert f"Reference number: {consultation.reference}" in text
