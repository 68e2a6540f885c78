"""Staff for tests: users in the working groups, their two-factor sign-in, and the forms they post."""

import datetime
import importlib
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.http import HttpResponse
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import DeclineMessage
from intake.roles import sync_groups
from tests.support.urls import LOGIN_URL
from welltopia import clinic_time

PASSWORD = "plum-kettle-harbour-91"


def make_staff(
    username: str, *groups: str, superuser: bool = False, password: str = PASSWORD
) -> AbstractBaseUser:
    """A staff user with `password`, in the named groups (intake/roles.py declares them)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@welltopia.example",
        password=password,
        is_staff=True,
        is_superuser=superuser,
    )
    if groups:
        if Group.objects.filter(name__in=groups).count() < len(groups):
            sync_groups()  # a transactional test flushed them away
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def make_user(username: str) -> AbstractBaseUser:
    """Someone with an account who is not staff."""
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.com")


def ensure_decline_messages() -> None:
    """The decline messages as migration 0004 seeds them (a transactional test flushes them away)."""
    migration = importlib.import_module("intake.migrations.0004_staff_groups_and_decline_messages")
    for title, body in migration.DECLINE_MESSAGES.items():
        DeclineMessage.objects.get_or_create(title=title, defaults={"body": body})


def login_verified(client: Client, user: AbstractBaseUser) -> Client:
    """Sign a user in as if they had passed the two-factor login (password + TOTP code).

    The admin requires a verified OTP device; this gives the user a confirmed TOTP device and
    marks the session verified with it, as django_otp.login() does.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test device", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def give_device(user: AbstractBaseUser) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def next_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows for the first time step the device has not used yet.

    The device refuses a code for a time step it has already accepted (no replay), so a second
    login in the same test uses the next 30-second window's code, which the device's tolerance
    of one step accepts; no clock is changed.
    """
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - now)
    assert ahead <= device.tolerance, "this device has used up the windows its tolerance accepts"
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):0{device.digits}d}"


def code_outside_the_window(device: TOTPDevice) -> str:
    """Six digits that none of the time steps the device accepts right now would show."""
    device.refresh_from_db()
    accepted = {
        totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        for offset in range(-device.tolerance, device.tolerance + 1)
    }
    return f"{next(number for number in range(123456, 10**6) if number not in accepted):06d}"


def sign_in(
    client: Client,
    username: str,
    *,
    password: str = PASSWORD,
    device: TOTPDevice | None = None,
    code: str | None = None,
    **request_extra: object,
) -> HttpResponse:
    """POST the two-factor admin login form as a person fills it in (the device picked from the list)."""
    data = {
        "username": username,
        "password": password,
        "otp_device": device.persistent_id if device else "",
        "otp_token": code if code is not None else (next_code(device) if device else ""),
    }
    return client.post(LOGIN_URL, data, **request_extra)


def is_signed_in(client: Client) -> bool:
    """Whether the client's session reaches the admin index (signed in and two-factor verified)."""
    return client.get("/admin/").status_code == 200


def form_errors(response: HttpResponse) -> list[str]:
    """Every error message of the login form as the page shows it."""
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


# --------------------------------------------------------------------------- the forms staff post


def future_slot(days: int = 14, hour: int = 10, minute: int = 30) -> tuple[datetime.date, datetime.time]:
    """A consultation date and time some days ahead (a clinic-local date and wall-clock time)."""
    return clinic_time.today() + datetime.timedelta(days=days), datetime.time(hour, minute)


def schedule_data(
    date: datetime.date | None = None, time: datetime.time | None = None, kind: str = "video"
) -> dict[str, str]:
    if date is None or time is None:
        date, time = future_slot()
    return {"date": date.isoformat(), "time": time.strftime("%H:%M"), "kind": kind}


def decline_choice_data(
    reason: str = "Outside the states we serve.", message: DeclineMessage | None = None
) -> dict[str, str]:
    """The first step of declining: the reason and the standard message chosen (to see it)."""
    chosen = message or DeclineMessage.objects.get(title="Outside the states we serve")
    return {"reason": reason, "message": str(chosen.pk)}


def decline_data(
    reason: str = "Outside the states we serve.",
    message: DeclineMessage | None = None,
    text: str | None = None,
) -> dict[str, str]:
    """The second step: the message as the person read (and perhaps edited) it, sent."""
    chosen = message or DeclineMessage.objects.get(title="Outside the states we serve")
    return {"reason": reason, "text": chosen.body if text is None else text, "send": "1"}
