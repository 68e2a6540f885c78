"""Security events reach the log (and exports the access log) with staff usernames only, never patient data."""

import logging

import pytest
from django.test import Client

from intake.models import AccessLog, ConsultationRequest
from tests.support.logs import leaked, logged_text
from tests.support.patients import submit_request
from tests.support.staff import (
    PASSWORD,
    code_outside_the_window,
    give_device,
    login_verified,
    make_staff,
    next_code,
    sign_in,
)
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db

GUESSED_PASSWORD = "guess-Tr0ub4dor"
PATIENT = {
    "first_name": "Quorvanth",
    "last_name": "Zellwyther",
    "email": "quorvanth.zellwyther@example.com",
    "goals": "Walk the Brimbleworth trail again",
}
PATIENT_MARKERS = ["Quorvanth", "Zellwyther", "quorvanth.zellwyther", "Brimbleworth"]


@pytest.fixture(autouse=True)
def capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


@pytest.fixture
def patient_request() -> ConsultationRequest:
    return submit_request(**PATIENT)


def messages_from(caplog: pytest.LogCaptureFixture, logger: str, level: int) -> list[str]:
    return [
        record.getMessage() for record in caplog.records if record.name == logger and record.levelno == level
    ]


def test_a_failed_login_is_logged_with_the_username_and_address_but_not_the_password(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    make_staff("alex")

    sign_in(client, "alex", password=GUESSED_PASSWORD, code="123456", REMOTE_ADDR="203.0.113.9")

    assert messages_from(caplog, "welltopia.audit", logging.WARNING) == [
        "Staff login failed: user=alex from=203.0.113.9"
    ]
    assert leaked([GUESSED_PASSWORD, "123456"], logged_text(caplog)) == []


def test_a_wrong_one_time_code_is_logged_as_a_failed_login(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    """The password was right, so Django sees no failed login; the code check reports its own failure."""
    device = give_device(make_staff("alex"))
    wrong = code_outside_the_window(device)

    response = sign_in(client, "alex", device=device, code=wrong)

    assert response.status_code == 200
    assert messages_from(caplog, "welltopia.audit", logging.WARNING) == [
        "Staff login failed: wrong one-time code: user=alex"
    ]
    assert leaked([PASSWORD, wrong], logged_text(caplog)) == []


def test_a_successful_login_is_logged_without_the_password_or_code(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    device = give_device(make_staff("alex"))
    code = next_code(device)

    sign_in(client, "alex", device=device, code=code)

    assert messages_from(caplog, "welltopia.audit", logging.INFO) == [
        "Staff login succeeded: user=alex from=127.0.0.1"
    ]
    assert leaked([PASSWORD, code], logged_text(caplog)) == []


def test_a_logout_is_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    device = give_device(make_staff("alex"))
    sign_in(client, "alex", device=device)

    client.post("/admin/logout/")

    assert messages_from(caplog, "welltopia.audit", logging.INFO)[-1] == "Staff logout: user=alex"


def test_a_lockout_is_logged_without_the_passwords_tried(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    make_staff("alex")

    for attempt in range(5):
        sign_in(client, "alex", password=f"{GUESSED_PASSWORD}-{attempt}", code="123456")

    assert "Staff login locked out for an hour: user=alex from=127.0.0.1" in messages_from(
        caplog, "welltopia.audit", logging.WARNING
    )
    assert messages_from(caplog, "django.request", logging.WARNING) == ["Too Many Requests: /admin/login/"]
    assert leaked([GUESSED_PASSWORD], logged_text(caplog)) == []


def test_an_export_is_recorded_in_the_access_log_without_patient_data(
    patient_request: ConsultationRequest, caplog: pytest.LogCaptureFixture
) -> None:
    other = submit_request()
    coordinator = make_staff("casey", "Intake coordinators")
    client = login_verified(Client(), coordinator)

    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [patient_request.pk, other.pk], "index": "0"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [export] = AccessLog.objects.filter(action=AccessLog.Action.EXPORTED)
    assert (export.user, export.detail) == (
        coordinator,
        f"CSV export of 2 requests: {patient_request.reference}, {other.reference}",
    )
    assert leaked(PATIENT_MARKERS, logged_text(caplog)) == []


def test_a_permission_denial_is_logged_without_the_search_terms(
    patient_request: ConsultationRequest, caplog: pytest.LogCaptureFixture
) -> None:
    """Staff outside the working groups cannot open the queue; the log says where, not what was searched."""
    client = login_verified(Client(), make_staff("sam"))

    response = client.get(CHANGELIST, {"q": "Zellwyther"})

    assert response.status_code == 403
    assert messages_from(caplog, "django.request", logging.WARNING) == [
        "Forbidden (Permission denied): /admin/intake/consultationrequest/"
    ]
    assert not AccessLog.objects.exists()
    assert leaked(PATIENT_MARKERS, logged_text(caplog)) == []
