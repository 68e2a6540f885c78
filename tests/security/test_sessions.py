"""Staff sessions: a fresh key at login, 15 minutes idle at most, 12 hours in all, gone at logout."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.support.staff import give_device, is_signed_in, make_staff, sign_in
from tests.support.urls import CHANGELIST
from welltopia.middleware import LOGIN_AT_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client() -> Client:
    """A staff member signed in through the two-factor login form, with one request made since."""
    client = Client()
    device = give_device(make_staff("alex", superuser=True))
    assert sign_in(client, "alex", device=device).status_code == 302
    assert is_signed_in(client)
    return client


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def started_ago(client: Client, **elapsed: float) -> None:
    """Pretend the signed-in session started this long ago (the time the middleware stored)."""
    session = client.session
    session[LOGIN_AT_KEY] = (timezone.now() - datetime.timedelta(**elapsed)).isoformat()
    session.save()


def test_signing_in_gives_the_browser_a_new_session_key(client: Client) -> None:
    """A session key planted before login (session fixation) is worth nothing after it."""
    device = give_device(make_staff("alex", superuser=True))
    planted = client.session
    planted["visited"] = True
    planted.save()

    sign_in(client, "alex", device=device)

    assert client.session.session_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    assert is_signed_in(client)


def test_a_session_expires_after_15_idle_minutes_and_every_request_renews_it() -> None:
    assert settings.SESSION_COOKIE_AGE == 900
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_pushes_the_expiry_15_minutes_ahead(staff_client: Client) -> None:
    Session.objects.filter(pk=staff_client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )

    staff_client.get(CHANGELIST)

    left = stored_session(staff_client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=14) < left <= datetime.timedelta(minutes=15)


def test_an_idle_session_past_its_expiry_no_longer_reaches_the_admin(staff_client: Client) -> None:
    Session.objects.filter(pk=staff_client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={CHANGELIST}"


def test_a_session_started_11_hours_ago_still_works(staff_client: Client) -> None:
    started_ago(staff_client, hours=11)

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200


def test_a_session_started_over_12_hours_ago_is_signed_out_and_sent_to_the_login_page(
    staff_client: Client,
) -> None:
    started_ago(staff_client, hours=12, minutes=1)
    old_key = staff_client.session.session_key

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={CHANGELIST}"
    assert staff_client.get(response["Location"]).status_code == 200
    assert not Session.objects.filter(session_key=old_key).exists()
    assert not is_signed_in(staff_client)


def test_the_12_hour_limit_does_not_move_with_activity(staff_client: Client) -> None:
    started_ago(staff_client, hours=11, minutes=59)
    started = staff_client.session[LOGIN_AT_KEY]

    staff_client.get(CHANGELIST)

    assert staff_client.session[LOGIN_AT_KEY] == started


def test_signing_out_deletes_the_session_from_the_database(staff_client: Client) -> None:
    key = staff_client.session.session_key

    response = staff_client.post("/admin/logout/")

    assert response.status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    assert Session.objects.count() == 0
    assert not is_signed_in(staff_client)
