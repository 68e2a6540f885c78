"""Emails about consultation requests, sent through Django's tasks so a mail outage loses nothing.

Each email is its own task, enqueued when the transaction that decided it commits. With the
database backend a failed send is retried later with a growing delay; the request itself is
already saved. Subjects carry the reference only, never a name or a health detail.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import default_task_backend, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from intake import calendar
from intake.models import ConsultationRequest
from welltopia import clinic_time

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 60


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _render(template: str, consultation: ConsultationRequest, **extra: object) -> str:
    context = {
        "consultation": consultation,
        "status_url": _absolute(consultation.get_status_url()),
        "clinic_contact_email": settings.CLINIC_CONTACT_EMAIL,
        **extra,
    }
    return render_to_string(template, context).strip() + "\n"


def patient_confirmation(consultation: ConsultationRequest) -> EmailMessage:
    return EmailMessage(
        subject=f"We received your consultation request {consultation.reference}",
        body=_render("intake/email/patient_confirmation.txt", consultation),
        to=[consultation.email],
    )


def _to_staff(subject: str, template: str, consultation: ConsultationRequest) -> EmailMessage:
    """An email to the clinic's intake address: the reference and an admin link, never patient data."""
    admin_url = _absolute(reverse("admin:intake_consultationrequest_change", args=[consultation.pk]))
    return EmailMessage(
        subject=subject,
        body=_render(template, consultation, admin_url=admin_url),
        to=[settings.STAFF_NOTIFICATION_EMAIL],
    )


def staff_new_request(consultation: ConsultationRequest) -> EmailMessage:
    return _to_staff(
        f"New consultation request {consultation.reference}",
        "intake/email/staff_new_request.txt",
        consultation,
    )


def patient_scheduled(consultation: ConsultationRequest) -> EmailMessage:
    status_url = _absolute(consultation.get_status_url())
    local = clinic_time.local(consultation.scheduled_at)
    updated = consultation.schedule_sequence > 0
    message = EmailMessage(
        subject=(
            f"Your consultation time has changed ({consultation.reference})"
            if updated
            else f"Your consultation is booked ({consultation.reference})"
        ),
        body=_render("intake/email/patient_scheduled.txt", consultation, local=local, updated=updated),
        to=[consultation.email],
    )
    message.attach(
        "consultation.ics", calendar.invitation(consultation, status_url), "text/calendar; method=REQUEST"
    )
    return message


def patient_declined(consultation: ConsultationRequest) -> EmailMessage:
    return EmailMessage(
        subject=f"About your consultation request {consultation.reference}",
        body=_render("intake/email/patient_declined.txt", consultation),
        to=[consultation.email],
    )


def staff_withdrawn(consultation: ConsultationRequest) -> EmailMessage:
    return _to_staff(
        f"Consultation request {consultation.reference} was withdrawn",
        "intake/email/staff_withdrawn.txt",
        consultation,
    )


BUILDERS: dict[str, Callable[[ConsultationRequest], EmailMessage]] = {
    "patient_confirmation": patient_confirmation,
    "staff_new_request": staff_new_request,
    "patient_scheduled": patient_scheduled,
    "patient_declined": patient_declined,
    "staff_withdrawn": staff_withdrawn,
}


@task()
def send_request_email(kind: str, request_id: int, attempt: int = 1) -> str:
    consultation = ConsultationRequest.objects.filter(pk=request_id).first()
    if consultation is None or consultation.personal_data_erased_at:
        return "skipped: request gone or erased"
    message = BUILDERS[kind](consultation)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # Log the kind and reference only: no addresses, no content.
        logger.warning(
            "Sending %s for %s failed (attempt %d): %s",
            kind,
            consultation.reference,
            attempt,
            type(error).__name__,
        )
        _schedule_retry(kind, request_id, attempt)
        raise
    return "sent"


def _schedule_retry(kind: str, request_id: int, attempt: int) -> None:
    if attempt >= MAX_ATTEMPTS:
        logger.error("Giving up sending %s for request id %d after %d attempts", kind, request_id, attempt)
        return
    if not default_task_backend.supports_defer:
        # The immediate backend (development) cannot wait; the failure is logged above.
        return
    delay = datetime.timedelta(seconds=RETRY_BASE_SECONDS * 2 ** (attempt - 1))
    send_request_email.using(run_after=timezone.now() + delay).enqueue(kind, request_id, attempt + 1)


def queue(kind: str, consultation: ConsultationRequest) -> None:
    """Queue an email about `consultation`, as part of the caller's transaction.

    Called inside the transaction that decided it, so a rolled-back change sends nothing.
    """
    request_id = consultation.pk
    transaction.on_commit(lambda: send_request_email.enqueue(kind, request_id))
