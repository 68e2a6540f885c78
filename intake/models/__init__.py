"""Intake's models, by what they are: the catalog, the request, and what is recorded about it."""

from intake.models.booking import (
    AvailabilityException,
    Booking,
    BookingInvitation,
    Clinician,
    License,
    WeeklyHours,
)
from intake.models.catalog import Medicine, MedicineName
from intake.models.email import OutgoingEmail, OutgoingEmailQuerySet
from intake.models.records import AccessLog, DeclineMessage, Note, RateLimitHit, StatusChange
from intake.models.request import (
    REFERENCE_ALPHABET,
    STATUS_TOKEN_SALT,
    Consent,
    ConsultationRequest,
    ConsultationRequestQuerySet,
    MedicineMatch,
    RequestMedicine,
    any_flag,
    new_reference,
    prefers_spanish,
)

__all__ = [
    "REFERENCE_ALPHABET",
    "STATUS_TOKEN_SALT",
    "AccessLog",
    "AvailabilityException",
    "Booking",
    "BookingInvitation",
    "Clinician",
    "Consent",
    "ConsultationRequest",
    "ConsultationRequestQuerySet",
    "DeclineMessage",
    "License",
    "Medicine",
    "MedicineMatch",
    "MedicineName",
    "Note",
    "OutgoingEmail",
    "OutgoingEmailQuerySet",
    "RateLimitHit",
    "RequestMedicine",
    "StatusChange",
    "WeeklyHours",
    "any_flag",
    "new_reference",
    "prefers_spanish",
]
