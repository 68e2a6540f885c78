"""Fill a real database the way the clinic would, from a separate process: `python -m tests.ops.seed <what>`.

The operations tests run servers, workers, dumps and restores against databases of their own;
this script puts data there through the site's own code (the public form, the status page, the
workflow), with whatever database role DATABASE_URL names, and prints what it made as JSON.

    staff    a superuser with a password and a confirmed TOTP device (to sign in over HTTP)
    clinic   staff, four requests (new; declined with a note; withdrawn asking for deletion;
             completed three years ago, so due for the retention purge), their emails queued
    another  one more request, whose emails stay queued
"""

import datetime
import itertools
import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AbstractBaseUser, Group  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from intake import workflow  # noqa: E402
from intake.models import AccessLog, Booking, ConsultationRequest, DeclineMessage, Note  # noqa: E402
from tests.support.patients import valid_form_data  # noqa: E402

PASSWORD = "plum-kettle-harbour-91"
_addresses = itertools.count(1)


def make_staff(username: str, *groups: str, superuser: bool = False) -> tuple[AbstractBaseUser, TOTPDevice]:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user, TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def submit(**answers: object) -> ConsultationRequest:
    """A request sent through the public form, as a patient's browser sends it."""
    data = valid_form_data(**answers)
    client = Client(REMOTE_ADDR=f"198.51.100.{next(_addresses)}")
    response = client.post("/consultation/", data)
    if response.status_code != 302:
        raise SystemExit(f"the form refused the request: {response.status_code}")
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


def staff() -> dict[str, object]:
    user, device = make_staff("opsadmin", superuser=True)
    return {
        "username": user.get_username(),
        "password": PASSWORD,
        "device": device.persistent_id,
        "key": device.key,
    }


def clinic() -> dict[str, object]:
    coordinator, _ = make_staff("casey", "Intake coordinators")
    new = submit(first_name="Annelise", last_name="Wrenfield")
    declined = submit(first_name="Bertil", last_name="Oakhurst")
    withdrawn = submit(first_name="Corah", last_name="Fenwright")
    completed = submit(first_name="Dagny", last_name="Holloway")

    Note.objects.create(request=declined, author=coordinator, text="Called; she takes tramadol daily.")
    workflow.decline(
        declined,
        reason="Daily opioid: LDN is not safe with it.",
        message=DeclineMessage.objects.first().body,
        by=coordinator,
    )
    AccessLog.record(coordinator, AccessLog.Action.VIEWED, declined)

    status_page = Client()
    withdraw_url = f"/consultation/status/{withdrawn.status_token}/withdraw/"
    if status_page.post(withdraw_url, {"delete_data": "yes"}).status_code != 302:
        raise SystemExit("the status page did not withdraw the request")

    workflow.start_review(completed, coordinator)
    workflow.schedule(completed, at=timezone.now() + datetime.timedelta(days=1), kind="video", by=coordinator)
    # The consultation took place (completing waits for its time): moved to an hour ago.
    took_place = timezone.now() - datetime.timedelta(hours=1)
    ConsultationRequest.objects.filter(pk=completed.pk).update(scheduled_at=took_place)
    Booking.objects.filter(request=completed).update(
        starts_at=took_place, ends_at=took_place + datetime.timedelta(minutes=30)
    )
    completed.refresh_from_db()
    workflow.complete(completed, coordinator)
    three_years_ago = timezone.now() - datetime.timedelta(days=3 * 365)
    ConsultationRequest.objects.filter(pk=completed.pk).update(closed_at=three_years_ago)

    return {
        "new": new.reference,
        "declined": declined.reference,
        "withdrawn": withdrawn.reference,
        "completed": completed.reference,
        "status_token": new.status_token,
    }


def another() -> dict[str, object]:
    consultation = submit(first_name="Eirwen", last_name="Marchbank", email="eirwen.marchbank@example.com")
    return {
        "reference": consultation.reference,
        "first_name": consultation.first_name,
        "last_name": consultation.last_name,
        "email": consultation.email,
        "status_token": consultation.status_token,
    }


ACTIONS = {"staff": staff, "clinic": clinic, "another": another}

if __name__ == "__main__":
    print(json.dumps(ACTIONS[sys.argv[1]]()))
