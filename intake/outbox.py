"""Delivering the outbox: claim a due email, send it with its stable Message-ID, record what happened.

At-least-once with de-duplication: a claim pushes the row's `next_attempt_at` one lease ahead
and names the worker, so a worker that dies mid-send gives the email back when the lease ends;
only the holder of the lease can mark it sent, and a sent email is never claimed again. Should
a worker die after the mail server accepted an email but before it was recorded, the email is
sent again with the same Message-ID, which mail systems use to drop the duplicate.

A failing email is retried with a capped back-off (1 minute, doubling, at most hourly) for
OUTBOX_GIVE_UP_AFTER (7 days); then it is marked failed, logged as an error and shown to staff,
who can retry it. Nothing is dropped silently.
"""

import datetime
import logging
import os
import smtplib
import socket
import time
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from intake.models import OutgoingEmail

logger = logging.getLogger(__name__)

# What a lost or restarting database looks like to the ORM. The worker waits these out.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# What a mail server that is down, refusing or timing out looks like.
MAIL_FAILURES = (smtplib.SMTPException, OSError)

Status = OutgoingEmail.Status


class _Outage:
    """What this process knows of a database outage: one WARNING when it starts, one when it ends."""

    def __init__(self) -> None:
        self.since: float | None = None

    def lost(self, error: Exception) -> None:
        if self.since is None:
            self.since = time.monotonic()
            logger.warning(
                "Database unavailable (%s): emails wait until it answers; retrying every few seconds",
                type(error).__name__,
            )

    def answered(self) -> None:
        if self.since is not None:
            logger.warning(
                "Database reachable again after %.0f s: sending resumes", time.monotonic() - self.since
            )
            self.since = None


outage = _Outage()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """After the n-th failed attempt: 1 minute, 2, 4 … at most OUTBOX_RETRY_MAX_SECONDS (an hour)."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** min(max(attempts - 1, 0), 30)
    return datetime.timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def message_id(email: OutgoingEmail) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "welltopia.example"
    return f"<{email.uuid}@{domain}>"


# --------------------------------------------------------------------------------- claiming


def claim(worker: str, *, pk: int | None = None) -> OutgoingEmail | None:
    """Take the oldest due email (or the one with `pk`, if due) for `worker`, for one lease.

    SKIP LOCKED lets workers on several machines claim side by side on PostgreSQL; the
    conditional UPDATE makes the claim safe where row locks don't exist (SQLite).
    """
    now = timezone.now()
    candidates = OutgoingEmail.objects.due(now).order_by("next_attempt_at", "id")
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    with transaction.atomic():
        email = candidates.select_for_update(skip_locked=True, of=("self",)).select_related("request").first()
        if email is None:
            return None
        claimed = OutgoingEmail.objects.filter(
            pk=email.pk, status=Status.PENDING, next_attempt_at=email.next_attempt_at
        ).update(
            locked_by=worker,
            next_attempt_at=now + lease(),
            attempts=email.attempts + 1,
            last_attempt_at=now,
        )
    if not claimed:
        return None
    email.locked_by, email.next_attempt_at = worker, now + lease()
    email.attempts, email.last_attempt_at = email.attempts + 1, now
    return email


# --------------------------------------------------------------------------------- sending


def build(email: OutgoingEmail) -> EmailMessage:
    from intake import notifications

    message = notifications.build(email)
    message.extra_headers["Message-ID"] = message_id(email)
    return message


def send_claimed(email: OutgoingEmail, worker: str) -> str:
    """Send one claimed email and record the outcome. Database outages propagate to the caller."""
    if email.request.personal_data_erased_at:
        _record(email, worker, status=Status.CANCELLED, last_error="request erased before sending")
        return Status.CANCELLED
    from intake import notifications

    if not notifications.still_wanted(email):
        # A reminder whose booking moved or ended, or whose request closed, after it was queued.
        _record(email, worker, status=Status.CANCELLED, last_error="no longer needed (booking changed)")
        return Status.CANCELLED
    try:
        build(email).send()
    except DATABASE_UNAVAILABLE:
        raise
    except MAIL_FAILURES as error:
        return _failed(email, worker, type(error).__name__)
    except Exception as error:
        # A bug (a template, a builder) must not stop the other emails: it is retried like a
        # mail failure, visible to staff, with the traceback in the worker's log.
        logger.exception("Building or sending %s for %s failed", email.kind, email.request.reference)
        return _failed(email, worker, type(error).__name__)
    _record_sent(email, worker)
    return Status.SENT


def deliver_next(worker: str) -> bool:
    """Claim and send the oldest due email. False when nothing is due."""
    email = claim(worker)
    if email is None:
        return False
    send_claimed(email, worker)
    return True


def deliver_now(pk: int) -> None:
    """Send one email from the web process, after the transaction that queued it commits.

    For development (EMAIL_DELIVERY=on_commit): a failure leaves the email waiting for a worker
    or a staff retry, exactly as if a worker had tried it.
    """
    worker = worker_name()
    email = claim(worker, pk=pk)
    if email is not None:
        send_claimed(email, worker)


# --------------------------------------------------------------------------------- recording


def _record(email: OutgoingEmail, worker: str, **fields: object) -> bool:
    """Update the row if `worker` still holds it; False when the lease passed to another worker."""
    updated = OutgoingEmail.objects.filter(pk=email.pk, status=Status.PENDING, locked_by=worker).update(
        locked_by="", **fields
    )
    for name, value in fields.items():
        setattr(email, name, value)
    if not updated:
        logger.warning(
            "%s for %s: the lease ran out before the outcome was recorded",
            email.kind,
            email.request.reference,
        )
    return bool(updated)


def _record_sent(email: OutgoingEmail, worker: str) -> None:
    """Mark it sent, waiting out a database restart while the lease still protects the email.

    Giving up here means a second copy later (same Message-ID); trying until the lease is
    nearly over means a database restart of a few seconds costs no duplicate.
    """
    deadline = time.monotonic() + settings.OUTBOX_LEASE_SECONDS * 0.8
    pause = 0.2
    while True:
        try:
            if _record(email, worker, status=Status.SENT, sent_at=timezone.now(), last_error=""):
                logger.info(
                    "Sent %s for %s (attempt %d)", email.kind, email.request.reference, email.attempts
                )
            outage.answered()
            return
        except DATABASE_UNAVAILABLE as error:
            outage.lost(error)
            if time.monotonic() + pause > deadline:
                raise
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 5)


def _failed(email: OutgoingEmail, worker: str, error: str) -> str:
    now = timezone.now()
    next_attempt = now + retry_delay(email.attempts)
    reference = email.request.reference
    if next_attempt > email.send_after + settings.OUTBOX_GIVE_UP_AFTER:
        logger.error(
            "Stopped retrying %s for %s after %d attempts (%s); staff can retry it from the admin",
            email.kind,
            reference,
            email.attempts,
            error,
        )
        _record(email, worker, status=Status.FAILED, last_error=error)
        return Status.FAILED
    # The kind and reference only: no addresses, no content.
    logger.warning(
        "Sending %s for %s failed (attempt %d): %s; next try in %s",
        email.kind,
        reference,
        email.attempts,
        error,
        _short(next_attempt - now),
    )
    _record(email, worker, next_attempt_at=next_attempt, last_error=error)
    return Status.PENDING


def _short(delay: datetime.timedelta) -> str:
    seconds = int(delay.total_seconds())
    return f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s"


# --------------------------------------------------------------------------------- staff


def retry_now(emails: "OutgoingEmail | list[OutgoingEmail]") -> int:
    """Make undelivered emails due at once (one more attempt for a failed one). Returns how many.

    An email a worker is sending right now is left alone, so a click never causes a second copy.
    """
    items = emails if isinstance(emails, list) else [emails]
    now = timezone.now()
    being_sent = Q(status=Status.PENDING, next_attempt_at__gt=now) & ~Q(locked_by="")
    count = (
        OutgoingEmail.objects.filter(
            pk__in=[item.pk for item in items], status__in=[Status.PENDING, Status.FAILED]
        )
        .exclude(being_sent)
        .update(status=Status.PENDING, next_attempt_at=now, locked_by="")
    )
    if count and settings.EMAIL_DELIVERY == "on_commit":
        for item in items:
            transaction.on_commit(lambda pk=item.pk: deliver_now(pk), robust=True)
    return count
