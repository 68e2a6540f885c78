"""A patient's consultation request: their answers, medicine rows and consents, and its place in the queue."""

import secrets

from django.conf import settings
from django.core import signing
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from intake.choices import US_STATES
from intake.models.catalog import Medicine
from welltopia.languages import SPANISH

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


def prefers_spanish() -> models.Q:
    """A condition true for a request written in Spanish or asking for a consultation in Spanish
    (ConsultationRequest.prefers_spanish says the same of one request)."""
    return models.Q(language=SPANISH) | models.Q(consultation_language=SPANISH)


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

    def overdue(self, now=None) -> "ConsultationRequestQuerySet":
        """Still owed an answer after the target response time."""
        return self.filter(status__in=ConsultationRequest.OPEN_FOR_WORK, respond_by__lt=now or timezone.now())

    def with_risk(self) -> "ConsultationRequestQuerySet":
        """`risk`: 2 for an opioid or an opioid blocker, 1 for any other flag, 0 for none (to sort by)."""
        strongest = models.Q(flag_opioid=True) | models.Q(flag_opioid_blocker=True)
        return self.annotate(
            risk=models.Case(
                models.When(strongest, then=2),
                models.When(any_flag(), then=1),
                default=0,
                output_field=models.PositiveSmallIntegerField(),
            )
        )

    def preferring_spanish(self) -> "ConsultationRequestQuerySet":
        return self.filter(prefers_spanish())

    def closed(self) -> "ConsultationRequestQuerySet":
        return self.filter(status__in=ConsultationRequest.CLOSED)


class ConsultationRequest(models.Model):
    """One patient's request for an LDN consultation, with their answers and its place in the queue."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        EITHER = "either", _("Either is fine")

    class ContactTime(models.TextChoices):
        MORNING = "morning", _("Mornings (8am–12pm)")
        AFTERNOON = "afternoon", _("Afternoons (12pm–5pm)")
        EVENING = "evening", _("Evenings (5pm–8pm)")
        ANY = "any", _("Any time")

    class Confirmed(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_SURE = "not_sure", _("I'm not sure")

    class Pregnancy(models.TextChoices):
        NO = "no", _("No")
        PREGNANT = "pregnant", _("I am pregnant")
        BREASTFEEDING = "breastfeeding", _("I am breastfeeding")
        PLANNING = "planning", _("I am planning a pregnancy")

    class Concern(models.TextChoices):
        JOINT_PAIN = "joint_pain", _("Joint pain")
        STIFFNESS = "stiffness", _("Stiffness")
        SLEEP = "sleep", _("Sleep")
        MOOD = "mood", _("Mood")
        FATIGUE = "fatigue", _("Tiredness (fatigue)")
        FLARES = "flares", _("Flares")
        SIDE_EFFECTS = "side_effects", _("Side effects of my current treatment")
        COST = "cost", _("Cost of, or access to, treatment")
        FEWER_MEDICINES = "fewer_medicines", _("Wanting to take fewer medicines")

    class UsePeriod(models.TextChoices):
        NOW = "now", _("Yes, I take it now")
        PAST = "past", _("Yes, in the past")
        NEVER = "never", _("No")

    class Assessment(models.TextChoices):
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        NEEDS_INFO = "needs_info", _("Needs more information")

    class Language(models.TextChoices):
        # The language of the form the request came from (staff read these names).
        ENGLISH = "en", "English"
        SPANISH = SPANISH, "Spanish"

    class ConsultationLanguage(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = SPANISH, _("Spanish")
        OTHER = "other", _("Another language")

    class ConsultationType(models.TextChoices):
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone call")

    OPEN_FOR_WORK = [Status.NEW, Status.IN_REVIEW]
    CLOSED = [Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN]
    # Strongest first: the queue and the request page show them in this order.
    FLAG_FIELDS = [
        "flag_opioid",
        "flag_opioid_blocker",
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
    respond_by = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When an answer (scheduled or declined) is due: the target response time (intake/urgency.py).",
    )

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
    # Blank only on requests sent before the form asked (the form requires an answer).
    consultation_language = models.CharField(max_length=10, choices=ConsultationLanguage, blank=True)
    consultation_language_other = models.CharField(
        max_length=80, blank=True, help_text="The language, when it is neither English nor Spanish."
    )
    interpreter = models.BooleanField(
        null=True, help_text="Would like a professional interpreter at the consultation."
    )
    language = models.CharField(
        max_length=5,
        choices=Language,
        default=Language.ENGLISH,
        help_text="The language of the form it was sent from: every email and the status page use it.",
    )

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

    # The patient's rheumatologist or prescriber
    prescriber_name = models.CharField(max_length=120, blank=True)
    prescriber_practice = models.CharField(max_length=160, blank=True)
    prescriber_phone = PhoneNumberField(max_length=32, blank=True)
    no_prescriber = models.BooleanField(
        default=False, help_text="The patient has no rheumatologist or regular prescriber at the moment."
    )

    # Safety
    opioid_use = models.BooleanField(
        null=True,
        help_text="Takes or has a prescription for any opioid, even occasionally (as the patient answered).",
    )
    opioid_details = models.CharField(max_length=300, blank=True)
    opioid_last_taken = models.DateField(null=True, blank=True)
    planned_surgery = models.BooleanField(null=True)
    planned_surgery_details = models.CharField(max_length=300, blank=True)
    liver_disease = models.BooleanField(null=True)
    kidney_disease = models.BooleanField(null=True)
    pregnancy = models.CharField(max_length=20, choices=Pregnancy, blank=True)
    naltrexone_allergy = models.BooleanField(null=True)
    other_allergies = models.CharField(max_length=300, blank=True)
    thyroid_condition = models.BooleanField(
        null=True, help_text="Recorded for the clinician; not a safety flag on its own."
    )
    ldn_use = models.CharField("low-dose naltrexone before", max_length=10, choices=UsePeriod, blank=True)
    ldn_details = models.CharField(max_length=300, blank=True)
    naltrexone_use = models.CharField("naltrexone at any dose", max_length=10, choices=UsePeriod, blank=True)

    # Your concerns and goals
    concerns = models.JSONField(default=list, blank=True)
    goals = models.TextField(max_length=2000, blank=True)

    # Safety flags, computed from the answers and the medicine rows when the request is saved.
    flag_opioid = models.BooleanField("Opioid", default=False)
    flag_opioid_blocker = models.BooleanField("Already on an opioid blocker", default=False)
    flag_liver = models.BooleanField("Liver", default=False)
    flag_kidney = models.BooleanField("Kidney", default=False)
    flag_pregnancy = models.BooleanField("Pregnancy / breastfeeding", default=False)
    flag_allergy = models.BooleanField("Allergy to an opioid blocker", default=False)
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
        indexes = [
            models.Index(fields=["status", "created_at"], name="intake_request_queue_idx"),
            # The queue's order (oldest first, the admin's -pk after): a deep page's keys are read
            # from this index alone (intake/admin/pagination.py). The names' search indexes are
            # PostgreSQL's own (migration 0015).
            models.Index(fields=["created_at", "-id"], name="intake_request_order_idx"),
        ]
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

    @property
    def prefers_spanish(self) -> bool:
        """Wrote in Spanish or asked for the consultation in Spanish."""
        return SPANISH in (self.language, self.consultation_language)

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

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED


class RequestMedicine(models.Model):
    """One row of the patient's medicine list, as they wrote it, matched to the catalog when possible."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="medicines")
    name = models.CharField(max_length=100)
    dose = models.CharField(max_length=60, blank=True)
    frequency = models.CharField("how often", max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    catalog_medicines = models.ManyToManyField(
        Medicine, through="MedicineMatch", related_name="request_rows", blank=True
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class MedicineMatch(models.Model):
    """What the screening found in one medicine row: a catalog medicine, the name, and how.

    Decided by intake/screening.py when the request is saved (and again by rescreen_requests);
    the request's flags are derived from these and the answers. A possible match (a probable
    misspelling) raises its flag like any other until staff clear it, with a note.
    """

    class How(models.TextChoices):
        GENERIC = "generic", _("Exact name")
        BRAND = "brand", _("Brand name")
        POSSIBLE = "possible", _("Possible misspelling")

    row = models.ForeignKey(RequestMedicine, on_delete=models.CASCADE, related_name="matches")
    medicine = models.ForeignKey(Medicine, on_delete=models.PROTECT, related_name="matches")
    matched_name = models.CharField(max_length=80, help_text="The catalog name that matched.")
    written = models.CharField(max_length=100, help_text="The words of the row that matched it.")
    how = models.CharField(max_length=10, choices=How)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clear_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["row", "id"]
        constraints = [
            models.UniqueConstraint(fields=["row", "medicine"], name="intake_medicinematch_once_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.written} → {self.medicine}"

    @property
    def is_possible(self) -> bool:
        return self.how == self.How.POSSIBLE

    @property
    def is_cleared(self) -> bool:
        return self.cleared_at is not None


class Consent(models.Model):
    class Kind(models.TextChoices):
        ACCURATE = "accurate", _("The information I gave is accurate and complete")
        PRIVACY = "privacy", _("I have read the privacy notice")
        TELEHEALTH = "telehealth", _("I agree to a telehealth (video or phone) consultation")
        NOT_EMERGENCY = "not_emergency", _("I understand this is not an emergency service")
        SHARE_OUTCOME = (
            "share_outcome",
            "Share the consultation's outcome with my rheumatologist or prescriber",
        )

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
