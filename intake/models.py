import datetime
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from intake.choices import US_STATES

if TYPE_CHECKING:
    from intake.safety import CatalogName

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a reference read over the phone is hard to get wrong.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
STATUS_TOKEN_SALT = "intake.status-page"  # noqa: S105 - a signing salt, not a secret
SCORE_VALIDATORS = [
    MinValueValidator(0, "Choose a number from 0 to 10."),
    MaxValueValidator(10, "Choose a number from 0 to 10."),
]


def new_reference() -> str:
    """WT-XXXX-XXXX from an alphabet without look-alikes: 25^8 (about 1.5e11) possibilities."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"WT-{chars[:4]}-{chars[4:]}"


class Medicine(models.Model):
    """A catalog entry: one generic medicine, its class, and the names people know it by."""

    class DrugClass(models.TextChoices):
        CSDMARD = "csdmard", "Conventional DMARD"
        TNF_INHIBITOR = "tnf", "TNF inhibitor"
        OTHER_BIOLOGIC = "biologic", "Other biologic"
        JAK_INHIBITOR = "jak", "JAK inhibitor"
        CORTICOSTEROID = "steroid", "Corticosteroid"
        NSAID = "nsaid", "NSAID"
        OPIOID = "opioid", "Opioid"

    generic_name = models.CharField(max_length=80, unique=True)
    drug_class = models.CharField(max_length=20, choices=DrugClass)

    class Meta:
        ordering = ["generic_name"]

    def __str__(self) -> str:
        return self.generic_name

    @property
    def is_opioid(self) -> bool:
        return self.drug_class == self.DrugClass.OPIOID


class MedicineNameQuerySet(models.QuerySet):
    def matching(self, names: list[str]) -> "MedicineNameQuerySet":
        """Catalog names equal to any of `names`, ignoring case and surrounding spaces."""
        wanted = {name.strip().lower() for name in names if name.strip()}
        return self.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)


class MedicineName(models.Model):
    """A generic or brand name that maps to a catalog medicine ("Ultram" -> tramadol)."""

    medicine = models.ForeignKey(Medicine, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=80)
    is_brand = models.BooleanField(default=False)

    objects = MedicineNameQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="intake_medicinename_unique_lower_name"),
        ]

    def __str__(self) -> str:
        return self.name


def any_flag() -> models.Q:
    """A condition true for a request with at least one safety flag raised."""
    query = models.Q()
    for field in ConsultationRequest.FLAG_FIELDS:
        query |= models.Q(**{field: True})
    return query


class ConsultationRequestQuerySet(models.QuerySet):
    def awaiting_review(self) -> "ConsultationRequestQuerySet":
        return self.filter(status__in=ConsultationRequest.OPEN_FOR_WORK).order_by("created_at")

    def flagged(self) -> "ConsultationRequestQuerySet":
        return self.filter(any_flag())

    def closed(self) -> "ConsultationRequestQuerySet":
        return self.filter(status__in=ConsultationRequest.CLOSED)


class ConsultationRequest(models.Model):
    """One patient's request for an LDN consultation, with their answers and its place in the queue."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        EITHER = "either", "Either is fine"

    class ContactTime(models.TextChoices):
        MORNING = "morning", "Mornings (8am–12pm)"
        AFTERNOON = "afternoon", "Afternoons (12pm–5pm)"
        EVENING = "evening", "Evenings (5pm–8pm)"
        ANY = "any", "Any time"

    class Confirmed(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "I'm not sure"

    class Pregnancy(models.TextChoices):
        NO = "no", "No"
        PREGNANT = "pregnant", "I am pregnant"
        BREASTFEEDING = "breastfeeding", "I am breastfeeding"
        PLANNING = "planning", "I am planning a pregnancy"

    class Concern(models.TextChoices):
        JOINT_PAIN = "joint_pain", "Joint pain"
        STIFFNESS = "stiffness", "Stiffness"
        SLEEP = "sleep", "Sleep"
        MOOD = "mood", "Mood"
        FATIGUE = "fatigue", "Tiredness (fatigue)"
        FLARES = "flares", "Flares"
        SIDE_EFFECTS = "side_effects", "Side effects of my current treatment"
        COST = "cost", "Cost of, or access to, treatment"
        FEWER_MEDICINES = "fewer_medicines", "Wanting to take fewer medicines"

    class Assessment(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        NEEDS_INFO = "needs_info", "Needs more information"

    class ConsultationType(models.TextChoices):
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"

    OPEN_FOR_WORK = [Status.NEW, Status.IN_REVIEW]
    CLOSED = [Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN]
    FLAG_FIELDS = [
        "flag_opioid",
        "flag_liver",
        "flag_kidney",
        "flag_pregnancy",
        "flag_allergy",
        "flag_surgery",
    ]

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    submission_token = models.UUIDField(
        unique=True,
        editable=False,
        help_text="One-time token from the form, so a double submit creates one request.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # About you
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField(null=True)
    email = models.EmailField(max_length=254)
    phone = PhoneNumberField(max_length=32)
    state = models.CharField(
        max_length=2, choices=US_STATES, help_text="Where the patient will be during the consultation."
    )
    contact_method = models.CharField(max_length=10, choices=ContactMethod)
    contact_time = models.CharField(max_length=10, choices=ContactTime)

    # Your RA
    diagnosis_year = models.PositiveSmallIntegerField(null=True)
    rheumatologist_confirmed = models.CharField(max_length=10, choices=Confirmed)
    pain_score = models.PositiveSmallIntegerField(
        null=True, validators=SCORE_VALIDATORS, help_text="Pain over the last week, 0 (none) to 10 (worst)."
    )
    overall_score = models.PositiveSmallIntegerField(
        null=True,
        validators=SCORE_VALIDATORS,
        help_text="How they feel overall, 0 (very well) to 10 (very poorly).",
    )
    morning_stiffness_minutes = models.PositiveSmallIntegerField(
        null=True,
        validators=[MaxValueValidator(1440)],
        help_text="Minutes from waking until stiffness eases most.",
    )
    flares_last_3_months = models.PositiveSmallIntegerField(null=True, validators=[MaxValueValidator(90)])

    # Your medicines
    takes_no_medicines = models.BooleanField(default=False)

    # Safety
    opioid_use = models.BooleanField(
        null=True, help_text="Any opioid medicine now or in the last 14 days (as the patient answered)."
    )
    opioid_details = models.CharField(max_length=300, blank=True)
    planned_surgery = models.BooleanField(null=True)
    planned_surgery_details = models.CharField(max_length=300, blank=True)
    liver_disease = models.BooleanField(null=True)
    kidney_disease = models.BooleanField(null=True)
    pregnancy = models.CharField(max_length=20, choices=Pregnancy, blank=True)
    naltrexone_allergy = models.BooleanField(null=True)
    thyroid_condition = models.BooleanField(
        null=True, help_text="Recorded for the clinician; not a safety flag on its own."
    )
    tried_ldn_before = models.BooleanField(null=True)
    tried_ldn_details = models.CharField(max_length=300, blank=True)

    # Your concerns and goals
    concerns = models.JSONField(default=list, blank=True)
    goals = models.TextField(max_length=2000, blank=True)

    # Safety flags, computed from the answers and the medicine rows when the request is saved.
    flag_opioid = models.BooleanField("Opioid", default=False)
    flag_liver = models.BooleanField("Liver", default=False)
    flag_kidney = models.BooleanField("Kidney", default=False)
    flag_pregnancy = models.BooleanField("Pregnancy / breastfeeding", default=False)
    flag_allergy = models.BooleanField("Naltrexone / naloxone allergy", default=False)
    flag_surgery = models.BooleanField("Planned surgery", default=False)

    # The queue
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    consultation_type = models.CharField(max_length=10, choices=ConsultationType, blank=True)
    schedule_sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Calendar SEQUENCE: goes up each time the consultation is rescheduled.",
    )
    decline_message = models.TextField(
        blank=True, help_text="The message the patient was sent when the request was declined."
    )
    assessment = models.CharField("clinical assessment", max_length=20, choices=Assessment, blank=True)
    assessment_note = models.TextField("assessment note", max_length=4000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    deletion_requested = models.BooleanField(
        default=False, help_text="The patient asked, when withdrawing, for their answers to be deleted."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        permissions = [
            ("export_consultationrequest", "Can export consultation requests as CSV"),
            ("assess_consultationrequest", "Can record the clinical assessment"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="intake_request_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_score__isnull=True) | models.Q(pain_score__lte=10),
                name="intake_request_pain_score_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(overall_score__isnull=True) | models.Q(overall_score__lte=10),
                name="intake_request_overall_score_0_10",
            ),
        ]

    def __str__(self) -> str:
        # The reference only: this string shows up in admin messages, logs and history.
        return self.reference

    # Status page link -------------------------------------------------------------------
    @property
    def status_token(self) -> str:
        return signing.Signer(salt=STATUS_TOKEN_SALT).sign(self.reference)

    @classmethod
    def reference_from_token(cls, token: str) -> str | None:
        try:
            return signing.Signer(salt=STATUS_TOKEN_SALT).unsign(token)
        except signing.BadSignature:
            return None

    def get_status_url(self) -> str:
        return reverse("intake:status", args=[self.status_token])

    # Safety --------------------------------------------------------------------------------
    @property
    def flags(self) -> list[str]:
        """Labels of the raised flags, opioid first."""
        return [
            str(self._meta.get_field(field).verbose_name)
            for field in self.FLAG_FIELDS
            if getattr(self, field)
        ]

    def apply_safety_flags(
        self, medicine_names: list[str], catalog: "list[CatalogName] | None" = None
    ) -> None:
        """Set the flags from the answers and from the medicine rows (catalog opioids by any name)."""
        from intake.safety import opioid_names_in

        self.flag_opioid = bool(self.opioid_use) or bool(opioid_names_in(medicine_names, catalog))
        self.flag_liver = bool(self.liver_disease)
        self.flag_kidney = bool(self.kidney_disease)
        self.flag_pregnancy = self.pregnancy not in ("", self.Pregnancy.NO)
        self.flag_allergy = bool(self.naltrexone_allergy)
        self.flag_surgery = bool(self.planned_surgery)

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED


class RequestMedicine(models.Model):
    """One row of the patient's medicine list, as they wrote it, matched to the catalog when possible."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="medicines")
    name = models.CharField(max_length=100)
    dose = models.CharField(max_length=60, blank=True)
    frequency = models.CharField("how often", max_length=60, blank=True)
    catalog_medicine = models.ForeignKey(Medicine, null=True, blank=True, on_delete=models.SET_NULL)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    class Kind(models.TextChoices):
        ACCURATE = "accurate", "The information I gave is accurate and complete"
        PRIVACY = "privacy", "I have read the privacy notice"
        TELEHEALTH = "telehealth", "I agree to a telehealth (video or phone) consultation"
        NOT_EMERGENCY = "not_emergency", "I understand this is not an emergency service"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=Kind)
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["given_at", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="intake_consent_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.given_at:%Y-%m-%d %H:%M}"


class RateLimitHit(models.Model):
    """One accepted submission from a client address (as a keyed hash), for the database rate limit."""

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… at {self.created_at:%Y-%m-%d %H:%M}"


class StatusChange(models.Model):
    """One move of a request from one status to another: who (empty for the patient), when, why."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ConsultationRequest.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=ConsultationRequest.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Empty when the patient made the change.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.from_status or '—'} → {self.to_status}"


class Note(models.Model):
    """An internal note on a request. Add-only: author and time are set by the server."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on {self.request} at {self.created_at:%Y-%m-%d %H:%M}"


class DeclineMessage(models.Model):
    """An editable, kind message sent to a patient whose request is declined."""

    title = models.CharField(max_length=120, unique=True, help_text="For staff: which situation it fits.")
    body = models.TextField(
        max_length=4000, help_text="What the patient reads. Do not include health details; it goes by email."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class AccessLog(models.Model):
    """Who looked at, exported or changed which request, and when. Never edited or deleted in the app."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CHANGED = "changed", "Changed"
        EXPORTED = "exported", "Exported"
        ERASED = "erased", "Erased personal data"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    request = models.ForeignKey(ConsultationRequest, null=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(max_length=12, help_text="Kept even if the request row goes.")
    action = models.CharField(max_length=20, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.reference} at {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(
        cls, user, action: str, requests: "list[ConsultationRequest] | ConsultationRequest", detail: str = ""
    ) -> None:
        items = requests if isinstance(requests, list) else [requests]
        cls.objects.bulk_create(
            cls(user=user, request=item, reference=item.reference, action=action, detail=detail[:300])
            for item in items
        )


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
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    send_after = models.DateTimeField(
        default=timezone.now,
        help_text="Not sent before this time (a reminder's time, once there are reminders).",
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
