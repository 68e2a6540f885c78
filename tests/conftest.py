"""Fixtures shared by every test module."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.test import Client

from intake.models import Clinician
from intake.roles import CLINICIANS, CONTENT_EDITORS, COORDINATORS
from tests.support.booking import BOOKING_NOW, make_clinician
from tests.support.staff import login_verified, make_staff

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Each test starts with an empty cache (education pages, rate-limit counters)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Users made in tests get passwords; PBKDF2 would spend most of a second on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF checks, as a browser-facing site must."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def admin_client(db, admin_user) -> Client:
    """pytest-django's admin_client, but two-factor verified like every real staff login."""
    return login_verified(Client(), admin_user)


# --------------------------------------------------------------------------- the people who use the admin
@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """The booking tests' moment (tests/support/booking.py), standing still; `usefixtures("clock")`."""
    with time_machine.travel(BOOKING_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def okafor(db) -> Clinician:
    """A clinician licensed in California and New York, working 9 to 5 on weekdays."""
    return make_clinician()


@pytest.fixture
def coordinator(db) -> AbstractBaseUser:
    return make_staff("casey", COORDINATORS)


@pytest.fixture
def other_coordinator(db) -> AbstractBaseUser:
    return make_staff("robin", COORDINATORS)


@pytest.fixture
def clinician(db) -> AbstractBaseUser:
    return make_staff("dr_okafor", CLINICIANS)


@pytest.fixture
def content_editor(db) -> AbstractBaseUser:
    return make_staff("eddie", CONTENT_EDITORS)


@pytest.fixture
def staff_without_groups(db) -> AbstractBaseUser:
    return make_staff("sam")


@pytest.fixture
def superuser(db) -> AbstractBaseUser:
    return make_staff("root", superuser=True)


def _logged_in(user: AbstractBaseUser) -> Client:
    """Signed in as after the two-factor admin login (password and a one-time code)."""
    return login_verified(Client(), user)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return _logged_in(coordinator)


@pytest.fixture
def clinician_client(clinician) -> Client:
    return _logged_in(clinician)


@pytest.fixture
def superuser_client(superuser) -> Client:
    return _logged_in(superuser)
