"""The outbox: every email a request must trigger, written with the change that decided it."""

import datetime
import uuid

from django.db import models
from django.utils import timezone

from intake.models.booking import Booking
from intake.models.request import ConsultationRequest


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now: "datetime.datetime | None" = None) -> "OutgoingEmailQuerySet":
        """Waiting emails whose time has come, including any whose worker's lease ran out."""
        return self.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now())

    def undelivered(self, now: "datetime.datetime | None" = None) -> "OutgoingEmailQuerySet":
        """Emails that should have gone out by now and have not: failing, stopped, or no worker running."""
        late = (now or timezone.now()) - OutgoingEmail.GRACE
        return self.filter(
            status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED], send_after__lt=late
        )

    def backlog(self, now: "datetime.datetime | None" = None) -> dict:
        """In one query: emails waiting to go, how many are not delivered, and the oldest's time."""
        now = now or timezone.now()
        late = now - OutgoingEmail.GRACE
        return self.filter(
            status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED], send_after__lte=now
        ).aggregate(
            waiting=models.Count("id", filter=models.Q(status=OutgoingEmail.Status.PENDING)),
            undelivered=models.Count("id", filter=models.Q(send_after__lt=late)),
            oldest_undelivered=models.Min("send_after", filter=models.Q(send_after__lt=late)),
        )


class OutgoingEmail(models.Model):
    """One email a request must trigger: the outbox row and the worker's queue in one.

    Written in the same transaction as the change that decided it, so it exists if and only if
    that change does. The worker claims a due row by pushing `next_attempt_at` one lease ahead
    (so a worker that dies mid-send gives it back when the lease ends), sends it with its stable
    Message-ID, and marks it sent; a sent row is never claimed again. Content is rendered from
    the request at send time, so this table holds no patient data.
    """

    class Kind(models.TextChoices):
        PATIENT_CONFIRMATION = "patient_confirmation", "Confirmation to the patient"
        STAFF_NEW_REQUEST = "staff_new_request", "New request, to staff"
        PATIENT_SCHEDULED = "patient_scheduled", "Booking, to the patient"
        PATIENT_DECLINED = "patient_declined", "Decline, to the patient"
        STAFF_WITHDRAWN = "staff_withdrawn", "Withdrawal, to staff"
        PATIENT_INVITED = "patient_invited", "Invitation to book, to the patient"
        PATIENT_BOOKING_CANCELLED = "patient_booking_cancelled", "Booking cancelled, to the patient"
        PATIENT_REMINDER_DAY = "patient_reminder_day", "Reminder a day before, to the patient"
        PATIENT_REMINDER_SOON = "patient_reminder_soon", "Reminder 2 hours before, to the patient"
        STAFF_PATIENT_BOOKED = "staff_patient_booked", "Booked by the patient, to staff"
        STAFF_PATIENT_RESCHEDULED = "staff_patient_rescheduled", "Rescheduled by the patient, to staff"
        STAFF_PATIENT_CANCELLED = "staff_patient_cancelled", "Cancelled by the patient, to staff"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not delivered (stopped retrying)"
        CANCELLED = "cancelled", "Cancelled"

    # Pending longer than this after its time is "not delivered" for staff and /healthz.
    GRACE = datetime.timedelta(minutes=5)

    uuid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Stable id: the Message-ID of every attempt.",
    )
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=40, choices=Kind)
    language = models.CharField(
        max_length=5,
        choices=ConsultationRequest.Language,
        default=ConsultationRequest.Language.ENGLISH,
        help_text="The language it is written in: the request's for the patient, English for staff.",
    )
    booking = models.ForeignKey(
        Booking,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
        help_text="The booking an email is about (invitations, cancellations, reminders), as it was decided.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    send_after = models.DateTimeField(
        default=timezone.now,
        help_text="Not sent before this time (a reminder's time).",
    )
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        help_text="When a worker may next try it: after a back-off, or when a lease ends.",
    )
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(
        max_length=200,
        blank=True,
        help_text="The kind of the last failure only (never addresses or content).",
    )
    locked_by = models.CharField(
        max_length=120, blank=True, help_text="The worker holding it until next_attempt_at, while it sends."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="intake_email_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="intake_email_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.request.reference}"

    @property
    def is_being_sent(self) -> bool:
        return (
            bool(self.locked_by)
            and self.status == self.Status.PENDING
            and self.next_attempt_at > timezone.now()
        )
