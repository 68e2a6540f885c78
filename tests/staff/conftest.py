"""Fixtures for the staff queue tests: the people who use the admin, each logged in."""

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from intake.roles import CLINICIANS, CONTENT_EDITORS, COORDINATORS
from tests.support.staff import login_verified, make_staff


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
