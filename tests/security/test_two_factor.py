"""The admin needs a password and a one-time code from the staff member's own authenticator device."""

import io
import re

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from tests.support.html import page
from tests.support.staff import (
    code_outside_the_window,
    form_errors,
    give_device,
    is_signed_in,
    make_staff,
    next_code,
    sign_in,
)

pytestmark = pytest.mark.django_db

INVALID_TOKEN = "Invalid token. Please make sure you have entered it correctly."
SELECT_DEVICE = "Please select a device."


def admin_urls() -> list[str]:
    """Every URL of the admin site, with 1 for each object id (the permission check comes first)."""
    urls = []

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
                urls.append(prefix + re.sub(r"<[^>]+>", "1", str(pattern.pattern)))

    admin_resolver = next(p for p in get_resolver().url_patterns if getattr(p, "app_name", None) == "admin")
    walk(admin_resolver.url_patterns, "/admin/")
    # The app index pages are one regex pattern; the catch-all at the end only redirects or 404s.
    urls += sorted({f"/admin/{model._meta.app_label}/" for model in admin.site._registry})
    # The login page is where everyone is sent; logout sends an unverified visitor to the index.
    return [url for url in urls if url not in ("/admin/login/", "/admin/logout/")]


# --------------------------------------------------------------------------- without a device


def test_staff_without_a_device_cannot_sign_in_with_their_password_alone(client: Client) -> None:
    make_staff("alex", superuser=True)

    response = sign_in(client, "alex", code="")

    assert response.status_code == 200
    assert form_errors(response) == ["Please enter your OTP token."]
    assert "_auth_user_id" not in client.session
    assert not is_signed_in(client)


def test_staff_without_a_device_cannot_sign_in_with_any_code(client: Client) -> None:
    make_staff("alex", superuser=True)

    response = sign_in(client, "alex", code="123456")

    assert form_errors(response) == [SELECT_DEVICE]
    assert "_auth_user_id" not in client.session


def test_staff_cannot_sign_in_with_someone_elses_device_and_code(client: Client) -> None:
    make_staff("alex", superuser=True)
    robins_device = give_device(make_staff("robin"))

    response = sign_in(client, "alex", device=robins_device)

    assert form_errors(response) == [SELECT_DEVICE]
    assert "_auth_user_id" not in client.session


def test_a_signed_in_but_unverified_session_is_sent_to_the_login_page_from_every_admin_url() -> None:
    """force_login() is a password login without the code: the admin treats it as not staff at all."""
    client = Client()
    client.force_login(make_staff("alex", superuser=True))
    urls = admin_urls()
    assert "/admin/intake/consultationrequest/1/claim/" in urls
    assert len(urls) > 50

    not_sent_to_login = {}
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code != 302 or not response["Location"].startswith("/admin/login/?next="):
                not_sent_to_login[f"{method.__name__.upper()} {url}"] = response.status_code

    assert not_sent_to_login == {}


# --------------------------------------------------------------------------- with a device


def test_a_valid_code_from_the_users_device_signs_them_in(client: Client) -> None:
    device = give_device(make_staff("alex", superuser=True))

    response = sign_in(client, "alex", device=device)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert is_signed_in(client)


def test_a_code_cannot_be_used_twice(client: Client) -> None:
    device = give_device(make_staff("alex", superuser=True))
    code = next_code(device)
    assert sign_in(client, "alex", device=device, code=code).status_code == 302
    client.post("/admin/logout/")
    assert not is_signed_in(client)

    replayed = sign_in(client, "alex", device=device, code=code)

    assert replayed.status_code == 200
    assert form_errors(replayed) == [INVALID_TOKEN]
    assert not is_signed_in(client)


def test_a_wrong_code_is_refused_and_counted_against_the_device(client: Client) -> None:
    device = give_device(make_staff("alex", superuser=True))

    response = sign_in(client, "alex", device=device, code=code_outside_the_window(device))

    assert form_errors(response) == [INVALID_TOKEN]
    assert not is_signed_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_after_a_wrong_code_even_the_right_one_waits(client: Client, settings: Settings) -> None:
    """Guessing codes gets slower and slower: each failure doubles the wait (1 s, 2 s, 4 s... in production)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a wait long enough that the test cannot outrun it
    device = give_device(make_staff("alex", superuser=True))
    sign_in(client, "alex", device=device, code=code_outside_the_window(device))

    response = sign_in(client, "alex", device=device)

    assert form_errors(response) == [
        "Verification temporarily disabled because of 1 failed attempt, please try again soon."
    ]
    assert not is_signed_in(client)


def test_a_code_from_an_unconfirmed_device_does_not_open_the_admin(client: Client) -> None:
    """django-otp accepts the code at the form, but never counts the session as verified by such a device."""
    device = give_device(make_staff("alex", superuser=True))
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)

    sign_in(client, "alex", device=device)

    assert not is_signed_in(client)
    assert client.get("/admin/intake/consultationrequest/")["Location"].startswith("/admin/login/")


# --------------------------------------------------------------------------- manage.py enroll_totp


def enroll(*args: str) -> str:
    out = io.StringIO()
    call_command("enroll_totp", *args, stdout=out)
    return out.getvalue()


def test_enroll_totp_gives_a_staff_user_a_confirmed_device_and_shows_how_to_add_it() -> None:
    user = make_staff("alex")

    output = enroll("alex")

    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is True
    uris = re.findall(r"otpauth://totp/\S+", output)
    assert uris == [device.config_url]
    # An authenticator app shows "Welltopia: alex", not a bare user name.
    assert uris[0].startswith("otpauth://totp/Welltopia%3Aalex?")
    assert "issuer=Welltopia" in uris[0]
    assert set("█▀▄") & set(output), "no QR code in the output"
    assert max(len(line) for line in output.splitlines() if "█" in line) >= 20


def test_enroll_totp_gives_a_device_whose_codes_sign_in(client: Client) -> None:
    make_staff("alex")
    enroll("alex")
    device = TOTPDevice.objects.get(user__username="alex")

    assert sign_in(client, "alex", device=device).status_code == 302


def test_enroll_totp_refuses_a_user_who_is_not_staff() -> None:
    user = make_staff("visitor")
    user.is_staff = False
    user.save()

    with pytest.raises(CommandError, match="'visitor' is not a staff user"):
        enroll("visitor")

    assert not TOTPDevice.objects.filter(user=user).exists()


def test_enroll_totp_refuses_a_second_device_without_replace() -> None:
    user = make_staff("alex")
    enroll("alex")
    first = TOTPDevice.objects.get(user=user)

    with pytest.raises(CommandError, match=r"already has a TOTP device\. Use --replace"):
        enroll("alex")

    assert list(TOTPDevice.objects.filter(user=user)) == [first]


def test_enroll_totp_with_replace_swaps_the_lost_device_for_a_new_one() -> None:
    user = make_staff("alex")
    enroll("alex")
    lost = TOTPDevice.objects.get(user=user)

    enroll("alex", "--replace")

    new = TOTPDevice.objects.get(user=user)
    assert new.pk != lost.pk
    assert new.key != lost.key


def test_the_login_page_has_a_heading_an_authentication_code_field_with_a_number_pad_and_an_icon(
    client: Client,
) -> None:
    root = page(client.get("/admin/login/"))

    assert [heading.text for heading in root.find_all("h1")] == ["Sign in to Welltopia staff"]
    code = root.find("input", id="id_otp_token")
    assert [label.text for label in root.find_all("label") if label.attrs.get("for") == "id_otp_token"] == [
        "Authentication code:"
    ]
    assert (code.attrs["inputmode"], code.attrs["autocomplete"]) == ("numeric", "one-time-code")
    assert [link.attrs["href"] for link in root.find_all("link") if link.attrs.get("rel") == "icon"] == [
        "data:,"
    ]
