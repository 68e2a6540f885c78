"""welltopia/settings.py reads the environment strictly: a bad value stops start-up and says which.

Each case imports the settings in a fresh Python process with a crafted environment, as a
server would at start-up; nothing from the test run's own environment leaks in.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "clinic.example",
    "EMAIL_HOST": "smtp.clinic.example",
}


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run("-c", "import welltopia.settings", env=env)


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def test_development_needs_nothing_but_debug() -> None:
    result = import_settings({"DEBUG": "1"})

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DEBUG": "maybe"},
            "DEBUG must be one of 1/0, true/false, yes/no, on/off; got 'maybe'.",
        ),
        (
            PRODUCTION | {"RETENTION_DAYS": "two years"},
            "RETENTION_DAYS must be a whole number; got 'two years'.",
        ),
        (
            PRODUCTION | {"INTAKE_RATE_LIMIT": "0"},
            "INTAKE_RATE_LIMIT must be at least 1; got 0.",
        ),
        (
            {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"},
            "SECRET_KEY is required when DEBUG is off.",
        ),
        (
            PRODUCTION | {"SECRET_KEY": "   "},
            "SECRET_KEY is required when DEBUG is off.",
        ),
        (
            {key: value for key, value in PRODUCTION.items() if key != "EMAIL_HOST"},
            "EMAIL_HOST is required when DEBUG is off (patients must get their emails).",
        ),
        (
            PRODUCTION | {"CLINIC_TIME_ZONE": "Mars/Olympus_Mons"},
            "CLINIC_TIME_ZONE is not a known time zone: 'Mars/Olympus_Mons'.",
        ),
        (
            PRODUCTION | {"SERVED_STATES": "CA,California,ZZ"},
            "SERVED_STATES must be two-letter US state codes separated by commas, like CA,NY; "
            "got 'CA,California,ZZ' (CALIFORNIA, ZZ unknown).",
        ),
        (
            PRODUCTION | {"SERVED_STATES": " , "},
            "SERVED_STATES must be two-letter US state codes separated by commas, like CA,NY; got ','.",
        ),
        (
            PRODUCTION | {"LOG_LEVEL": "loud"},
            "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got 'LOUD'.",
        ),
    ],
    ids=[
        "bad DEBUG",
        "bad integer",
        "integer below minimum",
        "no SECRET_KEY",
        "blank SECRET_KEY",
        "no EMAIL_HOST",
        "bad time zone",
        "unknown states",
        "no states",
        "bad log level",
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(env: dict[str, str], message: str) -> None:
    result = import_settings(env)

    assert result.returncode != 0
    assert last_line(result.stderr) == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_debug_off_is_the_default() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "DEBUG"}

    result = run(
        "-c", "import welltopia.settings as s; print(s.DEBUG, s.HTTPS, s.SECURE_SSL_REDIRECT)", env=env
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_the_deploy_checks_pass_with_a_production_environment() -> None:
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_no_system_check_is_silenced() -> None:
    assert settings.SILENCED_SYSTEM_CHECKS == []
    assert "SILENCED_SYSTEM_CHECKS" not in (BASE_DIR / "welltopia" / "settings.py").read_text(
        encoding="utf-8"
    )
