"""The systemd units in deploy/systemd/ are valid, hardened, and run commands that exist.

`systemd-analyze verify` checks them where the machine has it (the units are read with the
checkout and its virtualenv standing in for /srv/welltopia; nothing is installed or started:
a test machine's PID 1 is rarely systemd).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.ops.support import BASE_DIR

UNITS = BASE_DIR / "deploy" / "systemd"
SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))
INSTALLED_AT = "/srv/welltopia"
needs_systemd_analyze = pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed (Debian: systemd)"
)


def settings_of(unit: Path) -> dict[str, list[str]]:
    """Key → every value given for it (systemd allows a key many times)."""
    found: dict[str, list[str]] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


@pytest.fixture(scope="module")
def checkout_units(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The units as they would read with this checkout installed at /srv/welltopia."""
    directory = tmp_path_factory.mktemp("systemd")
    venv = Path(sys.executable).parent.parent
    for unit in [*SERVICES, *TIMERS]:
        text = unit.read_text(encoding="utf-8").replace(f"{INSTALLED_AT}/.venv", str(venv))
        (directory / unit.name).write_text(text.replace(INSTALLED_AT, str(BASE_DIR)), encoding="utf-8")
    return sorted(directory.iterdir())


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - systemd-analyze with our own unit files
        [shutil.which("systemd-analyze"), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_there_is_a_unit_for_the_web_the_worker_the_purge_and_the_backup() -> None:
    assert [unit.name for unit in [*SERVICES, *TIMERS]] == [
        "welltopia-backup.service",
        "welltopia-purge.service",
        "welltopia-web.service",
        "welltopia-worker.service",
        "welltopia-backup.timer",
        "welltopia-purge.timer",
    ]


@needs_systemd_analyze
def test_systemd_analyze_verify_finds_nothing_wrong(checkout_units: list[Path]) -> None:
    result = analyze("verify", "--man=no", *map(str, checkout_units))

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""  # unknown keys and bad values are only warnings


@needs_systemd_analyze
@pytest.mark.parametrize("service", [unit.name for unit in SERVICES])
def test_each_service_is_sandboxed(checkout_units: list[Path], service: str) -> None:
    """systemd's own exposure score, from 0 (locked down) to 10; 'OK' is below 4.5."""
    [unit] = [path for path in checkout_units if path.name == service]

    result = analyze("security", "--offline=yes", str(unit))

    if "--offline" in result.stderr and "unrecognized" in result.stderr:
        pytest.skip("this systemd-analyze cannot score units offline (systemd < 250)")
    score = float(re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout).group(1))
    assert score <= 2.0, result.stdout


@pytest.mark.parametrize("service", [unit.name for unit in SERVICES])
def test_each_service_reads_its_secrets_from_credentials_not_the_environment_file(service: str) -> None:
    unit = settings_of(UNITS / service)
    credentials = {value.split(":", 1)[0] for value in unit.get("LoadCredential", [])}
    pointed_to = {
        re.search(r"%d/(\w+)", assignment).group(1)
        for line in unit.get("Environment", [])
        for assignment in line.split()
        if "_FILE=" in assignment
    }

    assert credentials
    assert credentials == pointed_to
    assert unit["User"] == ["welltopia"]
    assert unit["UMask"] == ["0077"]


def test_the_web_runs_gunicorn_with_the_repositorys_config() -> None:
    web = settings_of(UNITS / "welltopia-web.service")

    assert web["ExecStart"] == [f"{INSTALLED_AT}/.venv/bin/gunicorn --config deploy/gunicorn.conf.py"]
    assert web["Type"] == ["notify"]  # gunicorn tells systemd when it is ready
    assert web["LoadCredential"][1] == "database_url:/etc/welltopia/credentials/database_url_app"


def test_the_worker_restarts_whatever_made_it_exit_and_runs_a_command_that_exists() -> None:
    worker = settings_of(UNITS / "welltopia-worker.service")
    command = worker["ExecStart"][0].split()

    assert worker["Restart"] == ["always"]
    assert command[:2] == [f"{INSTALLED_AT}/.venv/bin/python", "manage.py"]
    assert command[2] in get_commands()


def test_the_purge_runs_daily_as_the_purge_role() -> None:
    purge = settings_of(UNITS / "welltopia-purge.service")
    timer = settings_of(UNITS / "welltopia-purge.timer")

    assert purge["ExecStart"] == [f"{INSTALLED_AT}/.venv/bin/python manage.py purge_requests"]
    assert "purge_requests" in get_commands()
    assert "database_url:/etc/welltopia/credentials/database_url_purge" in purge["LoadCredential"]
    assert timer["OnCalendar"] == ["*-*-* 03:15:00"]
    assert timer["Persistent"] == ["true"]


def test_the_backup_runs_nightly_as_the_owner_into_a_private_directory() -> None:
    backup = settings_of(UNITS / "welltopia-backup.service")
    timer = settings_of(UNITS / "welltopia-backup.timer")

    assert backup["ExecStart"] == [f"{INSTALLED_AT}/.venv/bin/python deploy/pg_backup.py backup"]
    assert (BASE_DIR / "deploy" / "pg_backup.py").is_file()
    assert "database_url:/etc/welltopia/credentials/database_url_owner" in backup["LoadCredential"]
    assert backup["StateDirectoryMode"] == ["0700"]
    assert timer["OnCalendar"] == ["*-*-* 02:30:00"]


def test_the_readme_points_to_every_unit() -> None:
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")

    assert [unit.name for unit in [*SERVICES, *TIMERS] if f"deploy/systemd/{unit.name}" not in readme] == []
