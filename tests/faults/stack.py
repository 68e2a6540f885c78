"""A production-like stack of our own, for the fault tests and bench/load.py.

A PostgreSQL cluster of its own (restartable without touching anyone else's), a Redis of its
own, an SMTP sink in this process (aiosmtpd), gunicorn and the email worker as real processes
configured the way production is. Everything started here is stopped by its owner.
"""

import asyncio
import contextlib
import email
import email.message
import http.client
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], Any], *, timeout: float = 30.0, every: float = 0.1, what: str = "it") -> Any:
    """Poll `check` until it returns something truthy; no fixed sleeps."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)


def _run(*argv: str) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout  # noqa: S603


# --------------------------------------------------------------------------- PostgreSQL


class PostgresCluster:
    """A Debian `pg_createcluster` cluster on its own port; created (and later dropped) if missing."""

    def __init__(self, name: str = "faults", port: int = 5433) -> None:
        self.name, self.port = name, port
        self.version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
        self.created = False

    @staticmethod
    def available() -> bool:
        return shutil.which("pg_createcluster") is not None and os.path.isdir("/usr/lib/postgresql")

    def exists(self) -> bool:
        return os.path.isdir(f"/etc/postgresql/{self.version}/{self.name}")

    def ensure_running(self) -> None:
        if not self.exists():
            _run(
                "pg_createcluster", self.version, self.name, "--port", str(self.port),
                "--", "--auth-host=trust", "--auth-local=trust",
            )  # fmt: skip
            self.created = True
        if not self.is_ready():
            self.ctl("start")

    def ctl(self, action: str) -> None:
        extra = ["-m", "fast"] if action in ("stop", "restart") else []
        _run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action, *extra)
        if action in ("start", "restart"):
            wait_for(self.is_ready, what="PostgreSQL to accept connections")

    def start(self) -> None:
        self.ctl("start")

    def stop(self) -> None:
        self.ctl("stop")

    def restart(self) -> None:
        self.ctl("restart")

    def is_ready(self) -> bool:
        try:
            self.connect().close()
        except psycopg.OperationalError:
            return False
        return True

    def drop_if_created(self) -> None:
        if self.created:
            _run("pg_dropcluster", "--stop", self.version, self.name)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        )

    def sql(self, database: str, query: str, params: tuple = ()) -> list[tuple]:
        with self.connect(database) as conn, conn.cursor() as cursor:
            cursor.execute(query, params or None)
            return cursor.fetchall() if cursor.description else []

    def create_database(self, name: str, template: str | None = None) -> None:
        self.drop_database(name)
        suffix = f" TEMPLATE {template}" if template else ""
        self.sql("postgres", f'CREATE DATABASE "{name}"{suffix}')

    def drop_database(self, name: str) -> None:
        self.sql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --------------------------------------------------------------------------- SMTP sink


@dataclass
class SmtpSink:
    """An SMTP server in this process that keeps every message it accepted.

    mode: "accept"; "fail" (451 for every recipient, as a mail server in trouble does);
    "stall" (hold the next conversation after MAIL FROM until released, then accept).
    """

    port: int = field(default_factory=free_port)
    mode: str = "accept"
    delay: float = 0.0
    messages: list[email.message.Message] = field(default_factory=list)
    stalled: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    refused: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpSink":
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every conversation
        self._controller.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._controller.stop()

    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options: list) -> str:
        if self.mode == "fail":
            self.refused += 1
            return "451 4.3.0 Mail server busy, try again later"
        if self.mode == "stall":
            self.mode = "accept"
            self.stalled.set()
            while not self.released.is_set():
                await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self._lock:
            return [message["Message-ID"] for message in self.messages]

    def subjects(self) -> list[str]:
        with self._lock:
            return [str(message["Subject"]) for message in self.messages]


# --------------------------------------------------------------------------- processes


class Process:
    """A child process in its own session, its output in a log file."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603
                argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: as when the machine or the OOM killer takes it, with no chance to clean up."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class RedisServer(Process):
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        argv = [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        super().__init__(argv, dict(os.environ), log)
        try:
            wait_for(self.answers, what="Redis to answer")
        except BaseException:
            self.stop()
            raise

    def answers(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock,
        ):
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
        return False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def site_environment(database_url: str, sink: SmtpSink, workdir: Path, **overrides: str) -> dict[str, str]:
    """Production settings (DEBUG off, HTTPS behind a proxy, the worker sending email)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="welltopia.settings",
        DEBUG="0",
        SECRET_KEY="fault-tests-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="1",
        BEHIND_PROXY="1",
        SITE_URL="https://clinic.example",
        STATICFILES_COLLECTED="0",
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="0",
        EMAIL_DELIVERY="worker",
        REDIS_URL="",
        CACHE_DIR=str(workdir / "cache"),
        ADMINS="ops@clinic.example",
        INTAKE_RATE_LIMIT="100000",
        OUTBOX_POLL_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("TEST_CLOCK", None)
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


class Site(Process):
    """gunicorn serving the site, with a control socket of its own."""

    def __init__(self, env: dict[str, str], workdir: Path, workers: int = 2, threads: int = 1) -> None:
        self.port = free_port()
        argv = [
            GUNICORN, "welltopia.wsgi",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--control-socket", str(workdir / "gunicorn.ctl"),
            "--graceful-timeout", "5",
        ]  # fmt: skip
        super().__init__(argv, env, workdir / "gunicorn.log")
        try:
            wait_for(self._answers, what="gunicorn to answer")
        except BaseException:
            self.stop()
            raise

    def _answers(self) -> bool:
        assert self.alive(), self.output()[-3000:]
        try:
            return self.get("/healthz", https=False).status in (200, 503)
        except OSError:
            return False

    def get(self, path: str, *, https: bool = True) -> "Response":
        return Browser(self.port).request("GET", path, https=https)


class EmailWorker(Process):
    def __init__(self, env: dict[str, str], log: Path, poll: float = 0.2) -> None:
        super().__init__([PYTHON, "manage.py", "send_emails", "--poll", str(poll)], env, log)


# --------------------------------------------------------------------------- HTTP


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def text(self) -> str:
        """The visible words of <main>, whitespace collapsed (enough to read a message)."""
        main = re.search(r"<main\b.*?</main>", self.body, re.S)
        words = re.sub(r"<[^>]+>", " ", main.group(0) if main else self.body)
        return " ".join(words.replace("&#x27;", "'").replace("&amp;", "&").split())


class Browser:
    """A patient's browser: one cookie jar, HTTPS as the proxy would forward it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, *, https: bool = True) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read().decode())
        finally:
            connection.close()

    def open_form(self) -> str:
        page = self.request("GET", "/consultation/")
        assert page.status == 200, page.status
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)

    def send_request(self, data: dict, csrf: str | None = None) -> Response:
        return self.request(
            "POST", "/consultation/", {**data, "csrfmiddlewaretoken": csrf or self.open_form()}
        )


@contextlib.contextmanager
def started(*items: Any) -> Iterator[None]:
    try:
        yield
    finally:
        for item in reversed(items):
            with contextlib.suppress(Exception):
                item.stop()
