"""Booking: the clinicians patients can book, when they work, who they are licensed to see, and bookings.

Working hours and exceptions are wall-clock times in the clinic's time zone (CLINIC_TIME_ZONE);
intake/slots.py turns them into the open slots of the coming weeks. A booking holds a
clinician's time from its start to `blocked_until` (its end plus the clinician's buffer). On
PostgreSQL an exclusion constraint (migration 0012, with btree_gist) refuses two bookings of
one clinician whose held times overlap, whoever writes them; intake/bookings.py turns that
refusal into "that time was just taken".
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from intake.choices import US_STATES
from intake.models.request import ConsultationRequest
from welltopia import clinic_time


def new_feed_token() -> str:
    """An unguessable calendar-feed token (256 bits): the whole of the feed's protection."""
    return secrets.token_urlsafe(32)


class ClinicianQuerySet(models.QuerySet):
    def bookable(self) -> "ClinicianQuerySet":
        return self.filter(accepts_bookings=True, user__is_active=True)

    def licensed_in(self, state: str, on: datetime.date) -> "ClinicianQuerySet":
        """Clinicians with a license for `state` that is still valid on `on` (a clinic date)."""
        valid = models.Q(licenses__expires_on__isnull=True) | models.Q(licenses__expires_on__gte=on)
        return self.filter(valid, licenses__state=state).distinct()


class Clinician(models.Model):
    """A member of staff patients can book: their consultation length, buffer and calendar feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clinician")
    display_name = models.CharField(
        "name patients see",
        max_length=120,
        help_text="As it appears in emails and invitations: Dr. Ada Okafor.",
    )
    consultation_minutes = models.PositiveSmallIntegerField(
        "consultation length (minutes)",
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(180)],
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        "buffer after each consultation (minutes)",
        default=10,
        validators=[MaxValueValidator(120)],
        help_text="Kept free after every consultation: notes, a late start.",
    )
    accepts_bookings = models.BooleanField(
        default=True, help_text="Untick to stop offering this clinician's times (bookings already made stay)."
    )
    video_room = models.SlugField(
        blank=True,
        help_text="This clinician's room in the clinic's video tool, for {clinician} in VIDEO_LINK_TEMPLATE.",
    )
    feed_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        default=new_feed_token,
        editable=False,
        help_text="The private calendar feed's key; empty when the feed is turned off.",
    )

    objects = ClinicianQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation_minutes__gte=10, consultation_minutes__lte=180),
                name="intake_clinician_consultation_10_180",
            ),
            models.CheckConstraint(
                condition=models.Q(buffer_minutes__lte=120), name="intake_clinician_buffer_at_most_120"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def length(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.consultation_minutes)

    @property
    def buffer(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.buffer_minutes)

    def clean(self) -> None:
        # Only someone who may record a clinical assessment sees patients (intake/roles.py).
        user = getattr(self, "user", None)
        if user is not None and not (user.is_active and user.has_perm("intake.assess_consultationrequest")):
            raise ValidationError({"user": "Only active members of the Clinicians group can take bookings."})


class License(models.Model):
    """A state a clinician may see patients in (the patient's state during the consultation)."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="licenses")
    state = models.CharField(max_length=2, choices=US_STATES)
    number = models.CharField("license number", max_length=40, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="The last day it is valid: no later time is offered in this state."
    )

    class Meta:
        ordering = ["state"]
        constraints = [
            models.UniqueConstraint(fields=["clinician", "state"], name="intake_license_once_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.clinician}: {self.get_state_display()}"


class WeeklyHours(models.Model):
    """A stretch of a weekday a clinician works, in the clinic's time zone (several per day allowed)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)
    starts = models.TimeField(help_text="Clinic time.")
    ends = models.TimeField(help_text="Clinic time; the last consultation ends by then.")

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = "weekly working hours"
        verbose_name_plural = "weekly working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")), name="intake_hours_start_first"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="intake_hours_weekday_0_6"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.starts is not None and self.ends is not None and self.starts >= self.ends:
            raise ValidationError({"ends": "The end must be after the start (on the same day)."})


class AvailabilityException(models.Model):
    """A change to the weekly hours on some days: time off (whole days or part), or extra hours."""

    class Kind(models.TextChoices):
        OFF = "off", "Time off"
        EXTRA = "extra", "Extra hours"

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OFF)
    first_day = models.DateField(help_text="Clinic date.")
    last_day = models.DateField(null=True, blank=True, help_text="Empty for a single day.")
    starts = models.TimeField(
        null=True, blank=True, help_text="Clinic time. Empty for the whole day (time off only)."
    )
    ends = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="For staff: a holiday, a conference.")

    class Meta:
        ordering = ["first_day", "starts"]
        verbose_name = "exception to the weekly hours"
        verbose_name_plural = "exceptions to the weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__isnull=True) | models.Q(last_day__gte=models.F("first_day")),
                name="intake_exception_days_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(starts__isnull=True, ends__isnull=True, kind="off")
                    | models.Q(starts__isnull=False, ends__isnull=False, starts__lt=models.F("ends"))
                ),
                name="intake_exception_whole_day_off_or_a_stretch",
            ),
        ]

    def __str__(self) -> str:
        days = f"{self.first_day:%Y-%m-%d}" + (
            f" to {self.last_day:%Y-%m-%d}" if self.last_day and self.last_day != self.first_day else ""
        )
        hours = f" {self.starts:%H:%M}–{self.ends:%H:%M}" if self.starts and self.ends else ""
        return f"{self.get_kind_display()}: {days}{hours}"

    @property
    def until(self) -> datetime.date:
        return self.last_day or self.first_day

    def clean(self) -> None:
        errors = {}
        if self.last_day and self.first_day and self.last_day < self.first_day:
            errors["last_day"] = "The last day cannot be before the first."
        if (self.starts is None) != (self.ends is None):
            errors["ends"] = "Give both a start and an end, or neither for whole days off."
        elif self.starts is not None and self.ends is not None and self.starts >= self.ends:
            errors["ends"] = "The end must be after the start."
        elif self.starts is None and self.kind == self.Kind.EXTRA:
            errors["starts"] = "Extra hours need a start and an end."
        if errors:
            raise ValidationError(errors)


class BookingInvitationQuerySet(models.QuerySet):
    def open(self) -> "BookingInvitationQuerySet":
        return self.filter(closed_at__isnull=True)


class BookingInvitation(models.Model):
    """Staff's offer to the patient to choose a time: with one clinician, or any licensed for their state."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="invitations")
    clinician = models.ForeignKey(
        Clinician,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text="Empty: any clinician licensed for the patient's state.",
    )
    consultation_type = models.CharField(max_length=10, choices=ConsultationRequest.ConsultationType)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="Replaced by a new invitation, or the request closed."
    )

    objects = BookingInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(closed_at__isnull=True),
                name="intake_invitation_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to book for {self.request.reference}"


class BookingQuerySet(models.QuerySet):
    def holding_time(self) -> "BookingQuerySet":
        """Bookings that keep their clinician's time (what the exclusion constraint covers)."""
        return self.exclude(status=Booking.Status.CANCELLED)

    def overlapping(self, start: datetime.datetime, until: datetime.datetime) -> "BookingQuerySet":
        return self.holding_time().filter(starts_at__lt=until, blocked_until__gt=start)


class Booking(models.Model):
    """One appointment of a request: a time, a clinician (when known), and its place in calendars.

    Moved in place when rescheduled (its calendar SEQUENCE goes up); a cancelled booking is never
    booked again: the next one is a new row with the next `number`, so a new calendar UID.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "Did not attend"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="bookings")
    number = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text="1 for the request's first booking, 2 after a cancellation, …"
    )
    clinician = models.ForeignKey(
        Clinician,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        help_text="Empty when staff set a time without choosing a clinician.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    blocked_until = models.DateTimeField(help_text="The end plus the clinician's buffer: the time held.")
    consultation_type = models.CharField(max_length=10, choices=ConsultationRequest.ConsultationType)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="The zone the patient chose the time in; empty when staff set it.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.BOOKED)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Calendar SEQUENCE: up on every change, cancellation included."
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the patient booked.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["clinician", "starts_at"], name="intake_booking_clinician_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="intake_booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(blocked_until__gte=models.F("ends_at")),
                name="intake_booking_holds_its_time",
            ),
            models.UniqueConstraint(fields=["request", "number"], name="intake_booking_number_per_request"),
            # One appointment at a time per request: a double submit cannot book twice.
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(status="booked"), name="intake_booking_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference} at {clinic_time.local(self.starts_at):%Y-%m-%d %H:%M %Z}"

    @property
    def is_video(self) -> bool:
        return self.consultation_type == ConsultationRequest.ConsultationType.VIDEO
