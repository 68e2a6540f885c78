"""The URLs tests visit, in one place."""

from education.seeding import load_sources
from intake.models import ConsultationRequest

LOGIN_URL = "/admin/login/?next=/admin/"
CHANGELIST = "/admin/intake/consultationrequest/"


def public_pages(language: str = "en") -> list[str]:
    """Every page anyone may open without an account, in one language (Spanish under /es/)."""
    prefix = "/es" if language == "es" else ""
    return [
        f"{prefix}{path}"
        for path in [
            "/",
            "/learn/",
            *[f"/learn/{source.slug}/" for source in load_sources(language)],
            "/learn/glossary/",
            "/privacy/",
            "/consultation/",
        ]
    ]


def change_url(consultation: ConsultationRequest) -> str:
    return f"{CHANGELIST}{consultation.pk}/change/"


def work_url(consultation: ConsultationRequest, step: str) -> str:
    """The URL behind a workflow button on a request's page: "claim", "review", "schedule", …"""
    return f"{CHANGELIST}{consultation.pk}/{step}/"
