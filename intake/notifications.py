"""Emails about consultation requests: what each one says, and queueing one in the outbox.

`queue()` writes the email as a row in the caller's transaction (intake/outbox.py sends it),
so a request and its emails are stored together or not at all, and a mail outage only delays
them. Subjects carry the reference only, never a name or a health detail.
"""

import datetime
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from intake import bookings, calendar, outbox, time_zones
from intake.models import Booking, ConsultationRequest, OutgoingEmail
from welltopia import clinic_time, languages


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
        subject=str(
            _("We received your consultation request %(reference)s") % {"reference": consultation.reference}
        ),
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
    """The invitation for an outbox row that names no booking (queued before bookings had rows)."""
    return patient_booked(bookings.for_calendar(consultation))


def patient_declined(consultation: ConsultationRequest) -> EmailMessage:
    return EmailMessage(
        subject=str(
            _("About your consultation request %(reference)s") % {"reference": consultation.reference}
        ),
        body=_render("intake/email/patient_declined.txt", consultation),
        to=[consultation.email],
    )


def staff_withdrawn(consultation: ConsultationRequest) -> EmailMessage:
    return _to_staff(
        f"Consultation request {consultation.reference} was withdrawn",
        "intake/email/staff_withdrawn.txt",
        consultation,
    )


# --------------------------------------------------------------------------- booking


def _patient_time(booking: Booking) -> datetime.datetime:
    """The booking's start in the zone the patient chose it in (the clinic's when staff set it)."""
    zone = time_zones.zone(booking.time_zone) if booking.time_zone else clinic_time.zone()
    return booking.starts_at.astimezone(zone)


def _booking_context(booking: Booking) -> dict[str, object]:
    local = _patient_time(booking)
    clinic = clinic_time.local(booking.starts_at)
    return {
        "booking": booking,
        "local": local,
        "clinic_local": clinic,
        "other_zone": local.utcoffset() != clinic.utcoffset() or local.tzname() != clinic.tzname(),
        "clinician": booking.clinician.display_name if booking.clinician else "",
        "video_link": bookings.video_link(booking),
        "cutoff_hours": settings.BOOKING_CUTOFF_HOURS,
        # The patient may move or cancel it on their status page (they were invited to choose a time).
        "self_service": booking.request.invitations.open().exists(),
    }


def patient_booked(booking: Booking) -> EmailMessage:
    """The booking (or its new time) with the calendar invitation, REQUEST, at the booking's SEQUENCE."""
    consultation = booking.request
    status_url = _absolute(consultation.get_status_url())
    updated = booking.sequence > 0
    subject = (
        _("Your consultation time has changed (%(reference)s)")
        if updated
        else _("Your consultation is booked (%(reference)s)")
    )
    message = EmailMessage(
        subject=str(subject % {"reference": consultation.reference}),
        body=_render(
            "intake/email/patient_scheduled.txt", consultation, updated=updated, **_booking_context(booking)
        ),
        to=[consultation.email],
    )
    message.attach(
        "consultation.ics", calendar.invitation(booking, status_url), "text/calendar; method=REQUEST"
    )
    return message


def patient_invited(consultation: ConsultationRequest) -> EmailMessage:
    invitation = consultation.invitations.open().select_related("clinician").first()
    return EmailMessage(
        subject=str(
            _("Choose a time for your consultation (%(reference)s)") % {"reference": consultation.reference}
        ),
        body=_render("intake/email/patient_invited.txt", consultation, invitation=invitation),
        to=[consultation.email],
    )


def patient_booking_cancelled(booking: Booking) -> EmailMessage:
    """The cancellation, METHOD:CANCEL, so the patient's calendar removes the event."""
    consultation = booking.request
    status_url = _absolute(consultation.get_status_url())
    can_rebook = (
        consultation.status == ConsultationRequest.Status.IN_REVIEW
        and consultation.invitations.open().exists()
    )
    message = EmailMessage(
        subject=str(
            _("Your consultation is cancelled (%(reference)s)") % {"reference": consultation.reference}
        ),
        body=_render(
            "intake/email/patient_booking_cancelled.txt",
            consultation,
            can_rebook=can_rebook,
            **_booking_context(booking),
        ),
        to=[consultation.email],
    )
    message.attach(
        "consultation.ics",
        calendar.invitation(booking, status_url, cancel=True),
        "text/calendar; method=CANCEL",
    )
    return message


def _patient_reminder(booking: Booking, *, soon: bool) -> EmailMessage:
    consultation = booking.request
    subject = (
        _("Reminder: your consultation starts in 2 hours (%(reference)s)")
        if soon
        else _("Reminder: your consultation is tomorrow (%(reference)s)")
    )
    can_change = timezone.now() < booking.starts_at - datetime.timedelta(hours=settings.BOOKING_CUTOFF_HOURS)
    return EmailMessage(
        subject=str(subject % {"reference": consultation.reference}),
        body=_render(
            "intake/email/patient_reminder.txt",
            consultation,
            soon=soon,
            can_change=can_change,
            **_booking_context(booking),
        ),
        to=[consultation.email],
    )


def _staff_booking(subject: str, what: str, booking: Booking) -> EmailMessage:
    """To the clinic's intake address: what the patient did, the time now held, never patient data."""
    consultation = booking.request
    admin_url = _absolute(reverse("admin:intake_consultationrequest_change", args=[consultation.pk]))
    current = bookings.current(consultation)
    return EmailMessage(
        subject=subject,
        body=_render(
            "intake/email/staff_booking_changed.txt",
            consultation,
            admin_url=admin_url,
            what=what,
            current=current,
            current_local=clinic_time.local(current.starts_at) if current else None,
        ),
        to=[settings.STAFF_NOTIFICATION_EMAIL],
    )


Kind = OutgoingEmail.Kind
BUILDERS: dict[str, Callable[[ConsultationRequest], EmailMessage]] = {
    Kind.PATIENT_CONFIRMATION: patient_confirmation,
    Kind.STAFF_NEW_REQUEST: staff_new_request,
    Kind.PATIENT_SCHEDULED: patient_scheduled,
    Kind.PATIENT_DECLINED: patient_declined,
    Kind.STAFF_WITHDRAWN: staff_withdrawn,
    Kind.PATIENT_INVITED: patient_invited,
}
# Emails about one booking, built from that booking as it is (a cancellation from the cancelled
# one, even if the patient has booked again since).
BOOKING_BUILDERS: dict[str, Callable[[Booking], EmailMessage]] = {
    Kind.PATIENT_SCHEDULED: patient_booked,
    Kind.PATIENT_BOOKING_CANCELLED: patient_booking_cancelled,
    Kind.PATIENT_REMINDER_DAY: partial(_patient_reminder, soon=False),
    Kind.PATIENT_REMINDER_SOON: partial(_patient_reminder, soon=True),
    Kind.STAFF_PATIENT_BOOKED: lambda booking: _staff_booking(
        f"Consultation {booking.request.reference} booked by the patient", "booked", booking
    ),
    Kind.STAFF_PATIENT_RESCHEDULED: lambda booking: _staff_booking(
        f"Consultation {booking.request.reference} moved by the patient", "moved", booking
    ),
    Kind.STAFF_PATIENT_CANCELLED: lambda booking: _staff_booking(
        f"Consultation {booking.request.reference} cancelled by the patient", "cancelled", booking
    ),
}
# Reminders: how long before the consultation each is sent.
REMINDERS: dict[str, datetime.timedelta] = {
    Kind.PATIENT_REMINDER_DAY: datetime.timedelta(hours=24),
    Kind.PATIENT_REMINDER_SOON: datetime.timedelta(hours=2),
}


def language_of(kind: str, consultation: ConsultationRequest) -> str:
    """An email to the patient is in the language of their request; one to staff in English."""
    return consultation.language if kind.startswith("patient_") else languages.DEFAULT


def build(email: OutgoingEmail) -> EmailMessage:
    """The email in the language it was queued in (its subject, body, dates and addresses)."""
    with translation.override(email.language):
        if email.booking_id and email.kind in BOOKING_BUILDERS:
            return BOOKING_BUILDERS[email.kind](email.booking)
        return BUILDERS[email.kind](email.request)


def queue(
    kind: str,
    consultation: ConsultationRequest,
    *,
    booking: Booking | None = None,
    send_after: datetime.datetime | None = None,
) -> OutgoingEmail:
    """Put an email about `consultation` in the outbox, as part of the caller's transaction.

    Called inside the transaction that decided it: the email row is stored with the change or
    not at all. A worker (`manage.py send_emails`) sends it; with EMAIL_DELIVERY=on_commit
    (development) the web process also tries it as soon as the transaction commits. An email
    about a booking names it; a reminder waits until `send_after`.
    """
    now = timezone.now()
    at = send_after or now
    email = OutgoingEmail.objects.create(
        request=consultation,
        kind=Kind(kind),
        language=language_of(kind, consultation),
        booking=booking,
        send_after=at,
        next_attempt_at=at,
    )
    if settings.EMAIL_DELIVERY == "on_commit" and at <= now:
        transaction.on_commit(partial(outbox.deliver_now, email.pk), robust=True)
    return email


def queue_reminders(booking: Booking) -> list[OutgoingEmail]:
    """The booking's reminders, 24 hours and 2 hours before (those still ahead), replacing any others."""
    cancel_reminders(booking.request)
    now = timezone.now()
    return [
        queue(kind, booking.request, booking=booking, send_after=booking.starts_at - before)
        for kind, before in REMINDERS.items()
        if booking.starts_at - before > now
    ]


def cancel_reminders(consultation: ConsultationRequest) -> int:
    """Cancel the request's reminders not sent yet (its booking moved, was cancelled, or the request closed)."""
    return OutgoingEmail.objects.filter(
        request=consultation, kind__in=list(REMINDERS), status=OutgoingEmail.Status.PENDING
    ).update(status=OutgoingEmail.Status.CANCELLED, locked_by="", last_error="booking changed before sending")


def still_wanted(email: OutgoingEmail) -> bool:
    """Checked again just before sending: a reminder goes only for a booking still at its time, of a
    request still scheduled (never for a withdrawn, declined or moved one)."""
    if email.kind not in REMINDERS:
        return True
    booking = email.booking
    return (
        booking is not None
        and booking.status == Booking.Status.BOOKED
        and email.request.status == ConsultationRequest.Status.SCHEDULED
        and abs(booking.starts_at - REMINDERS[email.kind] - email.send_after) < datetime.timedelta(minutes=1)
    )
