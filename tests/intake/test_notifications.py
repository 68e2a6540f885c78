"""The emails a new request sends, and what happens to them when the mail server is down."""

import datetime
import logging
import signal
import smtplib
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from intake.models import ConsultationRequest
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


# --------------------------------------------------------------------------- mail server down


class DisconnectedMailer(BaseEmailBackend):
    """A mail server that drops the connection."""

    def send_messages(self, email_messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def database_queue(settings: Settings) -> None:
    """The production task backend; django.tasks resets its handler when TASKS changes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker_side_effects_undone() -> Iterator[None]:
    """db_worker installs signal handlers and sets logger levels; put both back afterwards."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ["django.tasks", "django_tasks_db"]]
    levels = {logger: logger.level for logger in loggers}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)
    for logger, level in levels.items():
        logger.setLevel(level)


def run_worker_once() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)


def email_tasks() -> list[tuple[str, str, list]]:
    return sorted(
        (task.status, task.args_kwargs["args"][0], task.args_kwargs["args"][2:])
        for task in DBTaskResult.objects.filter(task_path="intake.notifications.send_request_email")
    )


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_request_is_kept_and_the_emails_retried_later(
    client: Client,
    settings: Settings,
    database_queue: None,
    worker_side_effects_undone: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = client.post("/consultation/", valid_form_data())

    consultation = ConsultationRequest.objects.get()
    assert response["Location"] == consultation.get_status_url()
    assert email_tasks() == [("READY", "patient_confirmation", []), ("READY", "staff_new_request", [])]
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DisconnectedMailer"}}
    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="intake.notifications"):
        run_worker_once()

    assert ConsultationRequest.objects.get() == consultation
    assert email_tasks() == [
        ("FAILED", "patient_confirmation", []),
        ("FAILED", "staff_new_request", []),
        ("READY", "patient_confirmation", [2]),
        ("READY", "staff_new_request", [2]),
    ]
    failed = DBTaskResult.objects.failed()
    assert {task.exception_class_path for task in failed} == {"smtplib.SMTPServerDisconnected"}
    retries = DBTaskResult.objects.filter(status="READY")
    assert all(
        before + datetime.timedelta(seconds=59)
        < task.run_after
        < timezone.now() + datetime.timedelta(seconds=61)
        for task in retries
    )
    assert mail.outbox == []
    assert sorted(
        record.getMessage() for record in caplog.records if record.name == "intake.notifications"
    ) == [
        f"Sending patient_confirmation for {consultation.reference} failed (attempt 1): SMTPServerDisconnected",
        f"Sending staff_new_request for {consultation.reference} failed (attempt 1): SMTPServerDisconnected",
    ]


@pytest.mark.django_db(transaction=True)
def test_once_the_mail_server_is_back_the_retries_send_the_emails(
    client: Client, settings: Settings, database_queue: None, worker_side_effects_undone: None
) -> None:
    client.post("/consultation/", valid_form_data())
    mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DisconnectedMailer"}}
    run_worker_once()

    settings.MAILERS = mailers
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker_once()

    reference = ConsultationRequest.objects.get().reference
    assert sorted(message.subject for message in mail.outbox) == [
        f"New consultation request {reference}",
        f"We received your consultation request {reference}",
    ]
    assert [status for status, _kind, _attempt in email_tasks()] == [
        "FAILED",
        "FAILED",
        "SUCCESSFUL",
        "SUCCESSFUL",
    ]
