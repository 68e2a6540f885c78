"""Password guessing: five failures for one username from one address lock that pair out for an hour (django-axes)."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from tests.support.staff import give_device, is_signed_in, make_staff, sign_in

pytestmark = pytest.mark.django_db

LOCKED = "Sign-in is locked for now"
WRONG_PASSWORD = (
    "Please enter the correct username and password for a staff account. "
    "Note that both fields may be case-sensitive."
)
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.20"
PROXY = "10.0.0.2"


@pytest.fixture
def device() -> TOTPDevice:
    return give_device(make_staff("alex", superuser=True))


def guess(client: Client, username: str = "alex", **request_extra: object) -> HttpResponse:
    return sign_in(client, username, password="guess-123456", code="000000", **request_extra)


def assert_locked_out(response: HttpResponse) -> None:
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def move_attempts_back(minutes: int) -> None:
    """As if the failed attempts had happened `minutes` ago: the lock counts from the latest attempt."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_fifth_failure_for_a_username_from_one_address_locks_it(
    client: Client, device: TOTPDevice
) -> None:
    first_four = [guess(client, REMOTE_ADDR=ATTACKER) for _ in range(4)]

    fifth = guess(client, REMOTE_ADDR=ATTACKER)

    assert [response.status_code for response in first_four] == [200] * 4
    assert all(WRONG_PASSWORD in response.content.decode() for response in first_four)
    assert_locked_out(fifth)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("alex", ATTACKER, 5)


def test_once_locked_even_the_right_password_and_code_are_refused(client: Client, device: TOTPDevice) -> None:
    for _ in range(5):
        guess(client, REMOTE_ADDR=ATTACKER)

    sixth = sign_in(client, "alex", device=device, REMOTE_ADDR=ATTACKER)

    assert_locked_out(sixth)
    assert not is_signed_in(client)


def test_the_same_username_from_another_address_can_still_sign_in(device: TOTPDevice) -> None:
    for _ in range(5):
        guess(Client(), REMOTE_ADDR=ATTACKER)
    colleague = Client()

    response = sign_in(colleague, "alex", device=device, REMOTE_ADDR=COLLEAGUE)

    assert response.status_code == 302
    assert is_signed_in(colleague)


def test_another_username_from_the_locked_address_can_still_sign_in(
    client: Client, device: TOTPDevice
) -> None:
    robins_device = give_device(make_staff("robin", superuser=True))
    for _ in range(5):
        guess(client, REMOTE_ADDR=ATTACKER)

    response = sign_in(client, "robin", device=robins_device, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_earlier_failures(client: Client, device: TOTPDevice) -> None:
    for _ in range(4):
        guess(client, REMOTE_ADDR=ATTACKER)
    assert sign_in(client, "alex", device=device, REMOTE_ADDR=ATTACKER).status_code == 302
    client.post("/admin/logout/")

    fifth_failure_in_all = guess(client, REMOTE_ADDR=ATTACKER)

    assert fifth_failure_in_all.status_code == 200
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_a_lockout_is_logged(client: Client, device: TOTPDevice, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="welltopia.audit"):
        for _ in range(5):
            guess(client, REMOTE_ADDR=ATTACKER)

    lockouts = [
        record.getMessage()
        for record in caplog.records
        if record.name == "welltopia.audit"
        and record.levelno == logging.WARNING
        and "locked out" in record.getMessage()
    ]
    assert lockouts == [f"Staff login locked out for an hour: user=alex from={ATTACKER}"]


def test_the_lock_lasts_one_hour(client: Client, device: TOTPDevice) -> None:
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 60 * 60
    for _ in range(5):
        guess(client, REMOTE_ADDR=ATTACKER)

    move_attempts_back(minutes=59)
    assert_locked_out(sign_in(client, "alex", device=device, REMOTE_ADDR=ATTACKER))

    move_attempts_back(minutes=61)
    response = sign_in(client, "alex", device=device, REMOTE_ADDR=ATTACKER)

    assert response.status_code == 302
    assert is_signed_in(client)


# --------------------------------------------------------------------------- behind the reverse proxy


@pytest.fixture
def behind_one_proxy(settings: Settings) -> None:
    """TRUSTED_PROXY_COUNT=1: one reverse proxy, which appends the address it saw to X-Forwarded-For.

    django-axes takes the client address from AXES_CLIENT_IP_CALLABLE (intake.ratelimit.client_ip),
    which reads TRUSTED_PROXY_COUNT hops from the right of X-Forwarded-For.
    """
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client_address: str, spoofed: str | None = None) -> dict[str, object]:
    """The request as it reaches the site: from the proxy, which appended the address it saw."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "headers": {"X-Forwarded-For": forwarded}}


def test_behind_the_proxy_each_client_address_is_counted_separately(
    behind_one_proxy: None, device: TOTPDevice
) -> None:
    for _ in range(5):
        guess(Client(), **through_proxy(ATTACKER))
    colleague = Client()

    response = sign_in(colleague, "alex", device=device, **through_proxy(COLLEAGUE))

    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_behind_the_proxy_a_client_cannot_escape_the_lock_by_forging_x_forwarded_for(
    behind_one_proxy: None, client: Client, device: TOTPDevice
) -> None:
    """Only the address the proxy appended counts; whatever the client put before it is ignored."""
    for number in range(5):
        guess(client, **through_proxy(ATTACKER, spoofed=f"192.0.2.{number}"))

    response = sign_in(client, "alex", device=device, **through_proxy(ATTACKER, spoofed="192.0.2.99"))

    assert_locked_out(response)
