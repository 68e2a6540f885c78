"""Running the site as production does, from a test: manage.py and gunicorn in their own processes.

Each process gets the test run's environment (tests/environment.py) with its own DATABASE_URL, so
it works on a database the test made for it, never on the test database pytest-django manages.
"""

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"


def app_env(database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a site process on `database_url` (the test run's settings otherwise)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DATABASE_URL"))}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env | {"PYTHONDONTWRITEBYTECODE": "1"} | overrides


def run(
    args: list[str],
    env: dict[str, str],
    *,
    timeout: float = 180,
    check: bool = True,
    input_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603 - our own programs and arguments
        args,
        cwd=BASE_DIR,
        env=env,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env, check=check)


FRESH_PATH = "/usr/local/bin:/usr/bin:/bin"


def fresh_machine(home: Path, **database: str) -> dict[str, str]:
    """The environment of a new server's shell: the system's programs and the database, nothing else."""
    for program in ("python3", "make"):
        if not shutil.which(program, path=FRESH_PATH):
            pytest.skip(f"no {program} in {FRESH_PATH}")
    return {"PATH": FRESH_PATH, "HOME": str(home), **database}


def make(
    target: str, env: dict[str, str], *variables: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return run(["make", "--no-print-directory", "-s", target, *variables], env, check=check)


def seed(what: str, env: dict[str, str]) -> dict[str, str]:
    """Run tests/ops/seed.py in a process of its own and return what it made."""
    return json.loads(run([sys.executable, "-m", "tests.ops.seed", what], env).stdout)


# --------------------------------------------------------------------------- gunicorn


@dataclass
class Server:
    url: str
    access_log: Path
    error_log: Path

    def log_lines(self) -> list[str]:
        """Every line gunicorn and the site wrote: the access log (stdout) and the error log (stderr)."""
        return [
            line
            for path in (self.access_log, self.error_log)
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        ]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], directory: Path, *options: str) -> Iterator[Server]:
    """gunicorn with deploy/gunicorn.conf.py on a port the system picks and a control socket of its own."""
    access_log, error_log = directory / "gunicorn.stdout", directory / "gunicorn.stderr"
    with access_log.open("w") as stdout, error_log.open("w") as stderr:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(GUNICORN_CONFIG),
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "1",
                "--control-socket",
                str(directory / "gunicorn.ctl"),
                *options,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            server = Server(_listening_url(process, error_log), access_log, error_log)
            _wait_until_serving(server)
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _listening_url(process: subprocess.Popen, error_log: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", error_log.read_text(encoding="utf-8"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited ({process.returncode}):\n{error_log.read_text()}")
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start listening:\n{error_log.read_text()}")


def _wait_until_serving(server: Server) -> None:
    """The worker imports Django on its first request; wait until /healthz answers."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


# --------------------------------------------------------------------------- an HTTP client with cookies


@dataclass
class Page:
    status: int
    url: str
    text: str


class Browser:
    """Just enough of a browser for the admin: cookies, redirects, the CSRF token of the last form."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode())

    @staticmethod
    def csrf_token(page: Page) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, "no CSRF token on the page"
        return found.group(1)
