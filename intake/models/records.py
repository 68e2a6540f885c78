"""What is recorded about requests: history, notes, the access log, decline messages, rate-limit hits."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from intake.models.request import ConsultationRequest
from welltopia import languages


class RateLimitHit(models.Model):
    """One accepted submission from a client address (as a keyed hash), for the database rate limit."""

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… at {self.created_at:%Y-%m-%d %H:%M}"


class StatusChange(models.Model):
    """One entry in a request's history: a status move, or a safety flag raised or cleared.

    Who (empty for the patient or the system), when, why. Append-only.
    """

    class Event(models.TextChoices):
        STATUS = "status", "Status change"
        ASSIGNED = "assigned", "Assignment"
        ASSESSED = "assessed", "Clinical assessment"
        FLAG_RAISED = "flag_raised", "Safety flag raised"
        FLAG_CLEARED = "flag_cleared", "Possible match cleared"
        INVITED = "invited", "Invited to book"

    event = models.CharField(max_length=20, choices=Event, default=Event.STATUS)
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
    body_es = models.TextField(
        "body in Spanish",
        max_length=4000,
        blank=True,
        help_text="The same message for a patient who wrote in Spanish (a plain translation, no health details).",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def body_in(self, language: str) -> str:
        """The message in `language`; "" when it has no version in that language yet."""
        return self.body_es if language == languages.SPANISH else self.body


class AccessLog(models.Model):
    """Who looked at, exported or changed which request, and when. Never edited or deleted in the app."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CHANGED = "changed", "Changed"
        EXPORTED = "exported", "Exported"
        PRINTED = "printed", "Printed"
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
