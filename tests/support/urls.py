"""The URLs tests visit, in one place."""

from intake.models import ConsultationRequest

LOGIN_URL = "/admin/login/?next=/admin/"
CHANGELIST = "/admin/intake/consultationrequest/"


def change_url(consultation: ConsultationRequest) -> str:
    return f"{CHANGELIST}{consultation.pk}/change/"


def work_url(consultation: ConsultationRequest, step: str) -> str:
    """The URL behind a workflow button on a request's page: "claim", "review", "schedule", …"""
    return f"{CHANGELIST}{consultation.pk}/{step}/"
