"""Staff users who sign in the real way (password, then a one-time code), and what they need."""

import itertools
import time
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.http import HttpResponse
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import ConsultationRequest
from tests.intake.factories import valid_form_data

PASSWORD = "plum-kettle-harbour-91"
LOGIN_URL = "/admin/login/?next=/admin/"
CHANGELIST = "/admin/intake/consultationrequest/"


def make_staff(username: str, *groups: str, superuser: bool = False) -> AbstractBaseUser:
    """A staff user with the password PASSWORD, in the named groups (migration 0004 creates them)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@welltopia.example",
        password=PASSWORD,
        is_staff=True,
        is_superuser=superuser,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


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


# --------------------------------------------------------------------------- consultation requests

_addresses = itertools.count(1)


def submit_request(**overrides: object) -> ConsultationRequest:
    """A request sent through the public form, each from its own address (the form is rate limited)."""
    data = valid_form_data(**overrides)
    client = Client(REMOTE_ADDR=f"192.0.2.{next(_addresses) % 250 + 1}")
    response = client.post("/consultation/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


# --------------------------------------------------------------------------- reading admin forms


class _FormReader(HTMLParser):
    """The values a browser would send for one <form>: filled inputs, ticked boxes, chosen options, text."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def _add(self, name: str | None, value: str) -> None:
        if name and "__prefix__" not in name:
            self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = values.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input":
            kind = values.get("type", "text")
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            self._add(values.get("name"), values.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = values.get("name")
        elif tag == "option" and self._select and "selected" in values:
            self._add(self._select, values.get("value", ""))
        elif tag == "textarea":
            self._textarea = (values.get("name", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._add(name, "".join(text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)


def form_values(response: HttpResponse, form_id: str) -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    reader.close()
    assert reader.values, f"no form with id {form_id!r} on the page"
    return reader.values


def change_url(consultation: ConsultationRequest) -> str:
    return f"{CHANGELIST}{consultation.pk}/change/"


def save_change_form(
    client: Client, consultation: ConsultationRequest, changes: dict[str, object]
) -> HttpResponse:
    """Open a request's change form, change what `changes` says (as a person or a forger would), and save."""
    url = change_url(consultation)
    data: dict[str, object] = {
        **form_values(client.get(url), "consultationrequest_form"),
        **changes,
        "_save": "Save",
    }
    return client.post(url, data)


# --------------------------------------------------------------------------- logs


def logged_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Everything the captured log records could write anywhere: message, raw arguments, formatted text."""
    texts = [caplog.text]
    for record in caplog.records:
        texts += [record.getMessage(), str(record.msg), repr(record.args), record.exc_text or ""]
    return texts


def leaked(markers: list[str], texts: list[str]) -> list[str]:
    """The markers found in any of the texts (case-insensitive)."""
    return [marker for marker in markers if any(marker.lower() in text.lower() for text in texts)]
