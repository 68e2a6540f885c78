"""The session and CSRF cookies a staff member's browser gets: HTTPS only, out of reach of scripts, first-party.

The cookie settings are set to what settings.py gives in production (HTTPS on); test_headers.py
checks that settings.py does give them. The cookies are read from a real two-factor login.
"""

from http.cookies import Morsel

import pytest
from django.test import Client
from pytest_django import Settings

from tests.support.staff import PASSWORD, give_device, make_staff, next_code
from tests.support.urls import LOGIN_URL

pytestmark = pytest.mark.django_db

SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"


@pytest.fixture(autouse=True)
def https_cookies(settings: Settings) -> None:
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = SESSION_COOKIE
    settings.CSRF_COOKIE_NAME = CSRF_COOKIE


@pytest.fixture
def login_responses() -> dict[str, Morsel]:
    """The cookies set while a staff member opens the login page and signs in, as a browser does (with CSRF)."""
    device = give_device(make_staff("alex"))
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(LOGIN_URL, secure=True)
    signed_in = browser.post(
        LOGIN_URL,
        {
            "csrfmiddlewaretoken": page.context["csrf_token"],
            "username": "alex",
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": next_code(device),
        },
        secure=True,
        headers={"Origin": "https://testserver"},
    )

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"
    return {**page.cookies, **signed_in.cookies}


def assert_browser_only_first_party_https(cookie: Morsel) -> None:
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # The __Host- prefix is honoured by browsers only for a Secure cookie on path / without a Domain.
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""


def test_the_session_cookie_set_at_login_is_secure_httponly_and_same_site(
    login_responses: dict[str, Morsel],
) -> None:
    session = login_responses[SESSION_COOKIE]

    assert session.value
    assert_browser_only_first_party_https(session)


def test_the_csrf_cookie_is_secure_httponly_and_same_site(login_responses: dict[str, Morsel]) -> None:
    csrf = login_responses[CSRF_COOKIE]

    assert csrf.value
    assert_browser_only_first_party_https(csrf)


def test_the_session_cookie_lasts_only_the_idle_limit(login_responses: dict[str, Morsel]) -> None:
    assert login_responses[SESSION_COOKIE]["max-age"] == 900


def test_no_cookie_goes_by_its_development_name(login_responses: dict[str, Morsel]) -> None:
    assert set(login_responses) == {SESSION_COOKIE, CSRF_COOKIE}
