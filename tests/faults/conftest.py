"""Fault tests: real processes on a PostgreSQL cluster, a Redis and an SMTP sink of their own.

They need root and Debian's PostgreSQL tools, and take about a minute, so they run only when
asked: `WELLTOPIA_FAULT_TESTS=1 .venv/bin/python -m pytest tests/faults` (CI does; see .ci/run).
The cluster `<version>/faults` on port 5433 is created if missing and dropped again afterwards.
"""

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults.stack import (
    EmailWorker,
    PostgresCluster,
    Process,
    RedisServer,
    Site,
    SmtpSink,
    manage,
    site_environment,
)

TEMPLATE = "welltopia_faults_template"
ENABLED = os.environ.get("WELLTOPIA_FAULT_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not ENABLED:
        reason = "fault tests run with WELLTOPIA_FAULT_TESTS=1 (they start PostgreSQL, Redis, gunicorn)"
    elif os.geteuid() != 0 or not PostgresCluster.available():
        reason = "fault tests need root and Debian's PostgreSQL cluster tools"
    if reason:
        for item in items:
            if "tests/faults/" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster("faults", 5433)
    cluster.ensure_running()
    try:
        yield cluster
    finally:
        try:
            if not cluster.is_ready():
                cluster.start()
            databases = cluster.sql(
                "postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'faults_%'"
            )
            for (name,) in databases:
                cluster.drop_database(name)
            cluster.drop_database(TEMPLATE)
        finally:
            cluster.drop_if_created()


@pytest.fixture(scope="session")
def template_database(cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, seeded database that each test copies (CREATE DATABASE … TEMPLATE is fast)."""
    cluster.create_database(TEMPLATE)
    workdir = tmp_path_factory.mktemp("template")
    env = site_environment(cluster.url(TEMPLATE), SmtpSink(port=1), workdir)
    manage(env, "migrate", "--no-input")
    manage(env, "seed_pages")
    return TEMPLATE


@dataclass
class Stack:
    cluster: PostgresCluster
    database: str
    sink: SmtpSink
    workdir: Path
    processes: list[Process] = field(default_factory=list)

    def env(self, **overrides: str) -> dict[str, str]:
        return site_environment(self.cluster.url(self.database), self.sink, self.workdir, **overrides)

    def site(self, workers: int = 2, **overrides: str) -> Site:
        site = Site(self.env(**overrides), self.workdir, workers=workers)
        self.processes.append(site)
        return site

    def worker(self, name: str = "worker", **overrides: str) -> EmailWorker:
        worker = EmailWorker(self.env(**overrides), self.workdir / f"{name}.log")
        self.processes.append(worker)
        return worker

    def redis(self, port: int) -> RedisServer:
        redis = RedisServer(port, self.workdir / f"redis-{port}.log")
        self.processes.append(redis)
        return redis

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.cluster.sql(self.database, query, params)

    def emails(self) -> list[tuple]:
        """(uuid, kind, status, attempts, last_error) of every email in the outbox."""
        return self.sql(
            "SELECT uuid::text, kind, status, attempts, last_error FROM intake_outgoingemail ORDER BY id"
        )

    def all_sent(self, count: int) -> bool:
        rows = self.emails()
        return len(rows) == count and all(status == "sent" for _id, _kind, status, _n, _e in rows)


@pytest.fixture
def stack(
    cluster: PostgresCluster, template_database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Stack]:
    database = "faults_" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:12]
    cluster.create_database(database, template=template_database)
    sink = SmtpSink().start()
    stack = Stack(cluster, database, sink, tmp_path)
    try:
        yield stack
    finally:
        for process in reversed(stack.processes):
            process.stop()
        sink.stop()
        if not cluster.is_ready():
            cluster.start()
        cluster.drop_database(database)
