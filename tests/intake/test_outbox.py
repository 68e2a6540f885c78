"""The email worker: each due email sent once, failures retried for a week, dead workers recovered."""

import datetime
import logging
import smtplib
import threading
from collections.abc import Iterator
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from intake import outbox, retention
from intake.models import ConsultationRequest, OutgoingEmail
from intake.outbox_worker import Worker
from tests.support.patients import valid_form_data

# The worker manages its own connections (it closes them between polls), as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


class DisconnectedMailer(BaseEmailBackend):
    """A mail server that drops the connection."""

    def send_messages(self, email_messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def consultation(client: Client, settings: Settings) -> ConsultationRequest:
    """A request sent with a worker in charge of the emails: both wait in the outbox."""
    settings.EMAIL_DELIVERY = "worker"
    client.post("/consultation/", valid_form_data())
    return ConsultationRequest.objects.get()


@pytest.fixture
def mail_server_down(settings: Settings) -> Iterator[None]:
    mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DisconnectedMailer"}}
    yield
    settings.MAILERS = mailers


def run_worker() -> int:
    return Worker(poll_seconds=0, name="test-worker").run(until_idle=True)


def emails() -> list[tuple[str, str, int]]:
    return sorted(OutgoingEmail.objects.values_list("kind", "status", "attempts"))


def test_the_worker_sends_each_due_email_once_and_marks_it_sent(consultation: ConsultationRequest) -> None:
    assert run_worker() == 2
    assert run_worker() == 0

    assert sorted(message.subject for message in mail.outbox) == [
        f"New consultation request {consultation.reference}",
        f"We received your consultation request {consultation.reference}",
    ]
    assert emails() == [("patient_confirmation", "sent", 1), ("staff_new_request", "sent", 1)]
    assert not OutgoingEmail.objects.exclude(locked_by="").exists()


def test_a_sent_email_is_never_claimed_again(consultation: ConsultationRequest) -> None:
    run_worker()
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(days=1))

    assert outbox.claim("another-worker") is None
    assert run_worker() == 0
    assert len(mail.outbox) == 2


def test_two_workers_never_hold_the_same_email(consultation: ConsultationRequest) -> None:
    first = outbox.claim("worker-a")
    second = outbox.claim("worker-b")

    assert first is not None and second is not None
    assert first.pk != second.pk
    assert outbox.claim("worker-c") is None


def test_with_the_mail_server_down_each_email_waits_a_minute_and_says_why(
    consultation: ConsultationRequest, mail_server_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="intake.outbox"):
        run_worker()

    assert consultation.reference not in str(mail.outbox)
    for email in OutgoingEmail.objects.all():
        assert (email.status, email.attempts, email.last_error) == ("pending", 1, "SMTPServerDisconnected")
        assert email.locked_by == ""
        wait = email.next_attempt_at - before
        assert datetime.timedelta(seconds=59) < wait < datetime.timedelta(seconds=62)
    assert [record.levelname for record in caplog.records if record.name == "intake.outbox"] == [
        "WARNING",
        "WARNING",
    ]


def test_it_keeps_retrying_past_the_old_eight_attempt_limit_at_most_hourly(
    consultation: ConsultationRequest, mail_server_down: None
) -> None:
    waits = []
    for _attempt in range(12):
        OutgoingEmail.objects.update(next_attempt_at=timezone.now())
        started = timezone.now()
        run_worker()
        email = OutgoingEmail.objects.get(kind="patient_confirmation")
        waits.append(round((email.next_attempt_at - started).total_seconds() / 60))

    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60]
    assert emails() == [("patient_confirmation", "pending", 12), ("staff_new_request", "pending", 12)]


def test_after_seven_days_of_failures_it_stops_retrying_and_says_so(
    consultation: ConsultationRequest, mail_server_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7) - datetime.timedelta(minutes=30)):
        OutgoingEmail.objects.update(attempts=170, next_attempt_at=timezone.now())
        with caplog.at_level(logging.ERROR, logger="intake.outbox"):
            run_worker()

    assert emails() == [("patient_confirmation", "failed", 171), ("staff_new_request", "failed", 171)]
    assert sorted(record.getMessage() for record in caplog.records if record.levelname == "ERROR") == [
        f"Stopped retrying patient_confirmation for {consultation.reference} after 171 attempts "
        "(SMTPServerDisconnected); staff can retry it from the admin",
        f"Stopped retrying staff_new_request for {consultation.reference} after 171 attempts "
        "(SMTPServerDisconnected); staff can retry it from the admin",
    ]
    assert run_worker() == 0


def test_retry_now_sends_a_stopped_email_once_the_server_is_back(
    consultation: ConsultationRequest, settings: Settings
) -> None:
    OutgoingEmail.objects.update(status="failed", attempts=171, next_attempt_at=timezone.now())
    confirmation = OutgoingEmail.objects.get(kind="patient_confirmation")

    assert outbox.retry_now(confirmation) == 1
    run_worker()

    assert [message.subject for message in mail.outbox] == [
        f"We received your consultation request {consultation.reference}"
    ]
    assert emails() == [("patient_confirmation", "sent", 172), ("staff_new_request", "failed", 171)]


def test_retry_now_leaves_alone_an_email_a_worker_is_sending(consultation: ConsultationRequest) -> None:
    held = outbox.claim("busy-worker")

    assert outbox.retry_now(held) == 0
    assert outbox.claim("another-worker").pk != held.pk


def test_an_email_held_by_a_worker_that_died_is_sent_after_its_lease(
    consultation: ConsultationRequest, settings: Settings
) -> None:
    dead = outbox.claim("worker-that-died", pk=consultation.emails.get(kind="patient_confirmation").pk)

    assert run_worker() == 1  # the other email only: the dead worker's lease still holds
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)):
        assert run_worker() == 1

    dead.refresh_from_db()
    assert (dead.status, dead.attempts, dead.locked_by) == ("sent", 2, "")
    assert len(mail.outbox) == 2


def test_an_email_sent_but_never_recorded_goes_again_with_the_same_message_id(
    consultation: ConsultationRequest, settings: Settings
) -> None:
    confirmation = consultation.emails.get(kind="patient_confirmation")
    held = outbox.claim("worker-that-died", pk=confirmation.pk)
    outbox.build(held).send()  # ... and the worker died before recording it

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)):
        run_worker()

    copies = [message for message in mail.outbox if message.to == [consultation.email]]
    assert [message.extra_headers["Message-ID"] for message in copies] == [
        f"<{confirmation.uuid}@welltopia.example>"
    ] * 2
    confirmation.refresh_from_db()
    assert confirmation.status == "sent"


def test_a_late_worker_cannot_mark_sent_an_email_another_worker_took_over(
    consultation: ConsultationRequest, caplog: pytest.LogCaptureFixture
) -> None:
    slow = outbox.claim("slow-worker")
    OutgoingEmail.objects.filter(pk=slow.pk).update(locked_by="new-holder")

    with caplog.at_level(logging.WARNING, logger="intake.outbox"):
        outbox.send_claimed(slow, "slow-worker")

    slow.refresh_from_db()
    assert (slow.status, slow.locked_by) == ("pending", "new-holder")
    assert [record.getMessage() for record in caplog.records] == [
        f"{slow.kind} for {consultation.reference}: the lease ran out before the outcome was recorded"
    ]


@pytest.mark.erases_personal_data
def test_an_email_for_a_request_erased_before_sending_is_cancelled(consultation: ConsultationRequest) -> None:
    retention.erase_personal_data(consultation)

    run_worker()

    assert mail.outbox == []
    assert emails() == [("patient_confirmation", "cancelled", 1), ("staff_new_request", "cancelled", 1)]


def test_a_broken_email_is_retried_without_stopping_the_others(
    consultation: ConsultationRequest, caplog: pytest.LogCaptureFixture
) -> None:
    broken = mock.Mock(side_effect=ValueError("template bug"))
    with (
        mock.patch.dict("intake.notifications.BUILDERS", {"staff_new_request": broken}),
        caplog.at_level(logging.ERROR, logger="intake.outbox"),
    ):
        run_worker()

    assert emails() == [("patient_confirmation", "sent", 1), ("staff_new_request", "pending", 1)]
    assert OutgoingEmail.objects.get(kind="staff_new_request").last_error == "ValueError"
    assert [record.getMessage() for record in caplog.records] == [
        f"Building or sending staff_new_request for {consultation.reference} failed"
    ]


def test_the_worker_waits_out_a_lost_database_with_one_warning_each_way(
    consultation: ConsultationRequest, caplog: pytest.LogCaptureFixture
) -> None:
    real = outbox.deliver_next
    outage = [OperationalError("server closed the connection unexpectedly")] * 4
    calls = iter([*outage, None])

    def flaky(worker: str) -> bool:
        failure = next(calls, None)
        if failure is not None:
            raise failure
        return real(worker)

    worker = Worker(poll_seconds=0, name="test-worker")
    with (
        mock.patch("intake.outbox.deliver_next", side_effect=flaky),
        mock.patch.object(worker.stopping, "wait"),  # no real pauses
        caplog.at_level(logging.INFO, logger="intake.outbox"),
    ):
        handled = worker.run(until_idle=True)

    assert handled == 2
    assert [
        (record.levelname, record.getMessage().split(":")[0])
        for record in caplog.records
        if record.levelname == "WARNING"
    ] == [
        ("WARNING", "Database unavailable (OperationalError)"),
        ("WARNING", "Database reachable again after 0 s"),
    ]
    assert not any(record.exc_info for record in caplog.records)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's SKIP LOCKED (SQLite serialises every write)",
)
def test_four_workers_at_once_send_each_email_exactly_once(settings: Settings) -> None:
    settings.EMAIL_DELIVERY = "worker"
    settings.INTAKE_RATE_LIMIT = 100
    client = Client()
    for _number in range(10):
        client.post("/consultation/", valid_form_data())
    barrier = threading.Barrier(4)
    handled: list[int] = []

    def work(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            handled.append(Worker(poll_seconds=0, name=name).run(until_idle=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{number}",)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert sum(handled) == len(ids) == len(set(ids)) == 20
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {("sent", 1)}
