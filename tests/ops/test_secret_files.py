"""Every secret setting can be read from a file (`<NAME>_FILE`), for systemd credentials and container secrets.

Each case imports the settings in a fresh Python process, as a server would at start-up, with
nothing from the test run's own environment.
"""

import json
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
# What each secret turns into once the settings have read it.
SHOW_SECRETS = """
import json
import welltopia.settings as s
print(json.dumps({
    "SECRET_KEY": s.SECRET_KEY,
    "DATABASE_URL": [s.DATABASES["default"]["USER"], s.DATABASES["default"]["PASSWORD"], s.DATABASES["default"]["NAME"]],
    "EMAIL_HOST_PASSWORD": s.MAILERS["default"]["OPTIONS"]["password"],
    "REDIS_URL": s.CACHES["default"].get("LOCATION"),
}))
"""
SECRETS = {
    "SECRET_KEY": secrets.token_urlsafe(48),
    "DATABASE_URL": "postgres://welltopia_app:s3cret-pass@db.internal:5432/welltopia",
    "EMAIL_HOST_PASSWORD": "mail p@ss with spaces inside",
    "REDIS_URL": "redis://:redis-pass@cache.internal:6379/0",
}


def read_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", SHOW_SECRETS],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


def write_secret(directory: Path, name: str, value: str) -> Path:
    path = directory / name.lower()
    path.write_text(value + "\n", encoding="utf-8")  # as `echo ... > file` and systemd-creds leave it
    path.chmod(0o600)
    return path


def test_every_secret_read_from_a_file_is_the_same_as_from_the_environment(tmp_path: Path) -> None:
    from_files = PRODUCTION | {
        f"{name}_FILE": str(write_secret(tmp_path, name, value)) for name, value in SECRETS.items()
    }
    del from_files["SECRET_KEY"]

    by_file = read_settings(from_files)
    by_environment = read_settings(PRODUCTION | SECRETS)

    assert by_file.returncode == 0, by_file.stderr
    assert by_environment.returncode == 0, by_environment.stderr
    assert json.loads(by_file.stdout) == json.loads(by_environment.stdout)
    assert json.loads(by_file.stdout) == {
        "SECRET_KEY": SECRETS["SECRET_KEY"],
        "DATABASE_URL": ["welltopia_app", "s3cret-pass", "welltopia"],
        "EMAIL_HOST_PASSWORD": "mail p@ss with spaces inside",
        "REDIS_URL": "redis://:redis-pass@cache.internal:6379/0",
    }


@pytest.mark.parametrize("name", list(SECRETS))
def test_a_secret_given_both_ways_stops_start_up_and_names_it(tmp_path: Path, name: str) -> None:
    env = PRODUCTION | {name: SECRETS[name], f"{name}_FILE": str(write_secret(tmp_path, name, SECRETS[name]))}

    result = read_settings(env)

    assert error_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"{name} and {name}_FILE are both set; give the secret one way only."
    )


@pytest.mark.parametrize("name", list(SECRETS))
def test_a_missing_secret_file_stops_start_up_and_names_it(tmp_path: Path, name: str) -> None:
    missing = tmp_path / "credentials" / name.lower()
    env = {key: value for key, value in PRODUCTION.items() if key != name} | {f"{name}_FILE": str(missing)}

    result = read_settings(env)

    assert error_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"{name}_FILE names a file that cannot be read: {missing} (No such file or directory)."
    )


def test_a_secret_file_the_server_may_not_read_stops_start_up(tmp_path: Path) -> None:
    """A directory where the file should be (a mistyped systemd credential path) is refused as clearly."""
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"} | {
        "SECRET_KEY_FILE": str(tmp_path)
    }

    result = read_settings(env)

    assert error_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"SECRET_KEY_FILE names a file that cannot be read: {tmp_path} (Is a directory)."
    )


def test_an_empty_secret_file_counts_as_no_secret(tmp_path: Path) -> None:
    """An empty SECRET_KEY file is no key at all: production refuses to start, as without one."""
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"} | {
        "SECRET_KEY_FILE": str(write_secret(tmp_path, "SECRET_KEY", ""))
    }

    result = read_settings(env)

    assert error_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is required when DEBUG is off."
    )


def test_a_blank_variable_beside_its_file_is_not_a_second_value(tmp_path: Path) -> None:
    """A copied .env.example leaves `EMAIL_HOST_PASSWORD=` empty; the file then gives the password."""
    env = PRODUCTION | {
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_HOST_PASSWORD_FILE": str(write_secret(tmp_path, "EMAIL_HOST_PASSWORD", "from-the-file")),
    }

    result = read_settings(env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["EMAIL_HOST_PASSWORD"] == "from-the-file"
