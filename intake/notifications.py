"""Emails about consultation requests: what each one says, and queueing one in the outbox.

`queue()` writes the email as a row in the caller's transaction (intake/outbox.py sends it),
so a request and its emails are stored together or not at all, and a mail outage only delays
them. Subjects carry the reference only, never a name or a health detail.
"""

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from intake import calendar, outbox
from intake.models import ConsultationRequest, OutgoingEmail
from welltopia import clinic_time


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


Kind = OutgoingEmail.Kind
BUILDERS: dict[str, Callable[[ConsultationRequest], EmailMessage]] = {
    Kind.PATIENT_CONFIRMATION: patient_confirmation,
    Kind.STAFF_NEW_REQUEST: staff_new_request,
    Kind.PATIENT_SCHEDULED: patient_scheduled,
    Kind.PATIENT_DECLINED: patient_declined,
    Kind.STAFF_WITHDRAWN: staff_withdrawn,
}


def queue(kind: str, consultation: ConsultationRequest) -> OutgoingEmail:
    """Put an email about `consultation` in the outbox, as part of the caller's transaction.

    Called inside the transaction that decided it: the email row is stored with the change or
    not at all. A worker (`manage.py send_emails`) sends it; with EMAIL_DELIVERY=on_commit
    (development) the web process also tries it as soon as the transaction commits.
    """
    email = OutgoingEmail.objects.create(request=consultation, kind=Kind(kind))
    if settings.EMAIL_DELIVERY == "on_commit":
        transaction.on_commit(partial(outbox.deliver_now, email.pk), robust=True)
    return email
