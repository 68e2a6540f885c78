from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "clinic_name": "Welltopia",
        "clinic_contact_email": settings.CLINIC_CONTACT_EMAIL,
        "retention_days": settings.RETENTION_DAYS,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
