"""Staff users in the groups migration 0004 creates, and consultation requests built for the queue."""

import datetime
import importlib
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.test import Client
from django.utils import timezone

from intake.models import ConsultationRequest, DeclineMessage, StatusChange
from intake.roles import sync_groups
from tests.intake.factories import valid_form_data
from welltopia import clinic_time

Status = ConsultationRequest.Status


def ensure_groups() -> None:
    """The staff groups as intake/roles.py declares them (a transactional test flushes them away)."""
    sync_groups()


def ensure_decline_messages() -> None:
    """The decline messages as migration 0004 seeds them (a transactional test flushes them away)."""
    migration = importlib.import_module("intake.migrations.0004_staff_groups_and_decline_messages")
    for title, body in migration.DECLINE_MESSAGES.items():
        DeclineMessage.objects.get_or_create(title=title, defaults={"body": body})


def make_staff(
    username: str, *groups: str, superuser: bool = False, password: str | None = None
) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@welltopia.example",
        password=password,
        is_staff=True,
        is_superuser=superuser,
    )
    if groups:
        if Group.objects.filter(name__in=groups).count() < len(groups):
            ensure_groups()
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def make_user(username: str) -> AbstractBaseUser:
    """Someone with an account who is not staff."""
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.com")


def request_fields(**overrides: Any) -> dict[str, Any]:
    """The least a stored request has: who, where, how to reach them. No medicines, no health answers."""
    fields: dict[str, Any] = {
        "submission_token": uuid.uuid4(),
        "first_name": "Marta",
        "last_name": "Quillfeather",
        "email": "marta@example.com",
        "phone": "+12015550123",
        "state": "CA",
        "contact_method": ConsultationRequest.ContactMethod.EMAIL,
        "contact_time": ConsultationRequest.ContactTime.MORNING,
        "rheumatologist_confirmed": ConsultationRequest.Confirmed.YES,
    }
    fields.update(overrides)
    return fields


def make_request(*, days_ago: float = 0, **overrides: Any) -> ConsultationRequest:
    """A request stored through the ORM, with its first status change, submitted `days_ago` days ago."""
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    consultation = ConsultationRequest.objects.create(**request_fields(created_at=created_at, **overrides))
    StatusChange.objects.create(request=consultation, to_status=Status.NEW, changed_at=created_at)
    return consultation


def submit_request(client: Client, **overrides: Any) -> ConsultationRequest:
    """A request sent through the public form, as a patient sends it."""
    data = valid_form_data(**overrides)
    response = client.post("/consultation/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


def change_url(consultation: ConsultationRequest) -> str:
    return f"/admin/intake/consultationrequest/{consultation.pk}/change/"


def work_url(consultation: ConsultationRequest, step: str) -> str:
    """The URL behind a workflow button: "claim", "schedule", "decline" or "move/<status>"."""
    return f"/admin/intake/consultationrequest/{consultation.pk}/{step}/"


CHANGELIST = "/admin/intake/consultationrequest/"


def future_slot(days: int = 14, hour: int = 10, minute: int = 30) -> tuple[datetime.date, datetime.time]:
    """A consultation date and time some days ahead (a clinic-local date and wall-clock time)."""
    return clinic_time.today() + datetime.timedelta(days=days), datetime.time(hour, minute)


def schedule_data(
    date: datetime.date | None = None, time: datetime.time | None = None, kind: str = "video"
) -> dict[str, str]:
    if date is None or time is None:
        date, time = future_slot()
    return {"date": date.isoformat(), "time": time.strftime("%H:%M"), "kind": kind}


def decline_data(
    reason: str = "Outside the states we serve.", message: DeclineMessage | None = None
) -> dict[str, str]:
    chosen = message or DeclineMessage.objects.get(title="Outside the states we serve")
    return {"reason": reason, "message": str(chosen.pk)}
