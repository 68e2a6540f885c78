"""A PostgreSQL clinic of its own for the operations tests: three roles, a database, data put in as production would.

The shared cluster's roles are global and CI may run these tests twice at once, so every role and
database here has a name unique to the run, and all of them are dropped at the end. Nothing here
touches pytest-django's test database.

The clinic is built the way the README tells an operator to: the SQL `manage.py database_roles
--cluster` prints, run by psql as a superuser; `migrate` and `database_roles --apply` as the owner;
then the site's own code (form, status page, workflow, email worker) as the app role, and
`purge_requests` as the purge role.
"""

import secrets
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
from django.conf import settings

from tests.ops.support import app_env, manage, run, seed
from welltopia.database_roles import Roles, cluster_sql


@dataclass
class Cluster:
    """The PostgreSQL server the suite runs on, and the roles and databases this run made in it."""

    host: str
    port: str
    superuser: str
    superuser_password: str
    roles: Roles
    password: str
    databases: list[str] = field(default_factory=list)

    def url(self, role: str, database: str) -> str:
        password = self.superuser_password if role == self.superuser else self.password
        credentials = urllib.parse.quote(role) + (f":{urllib.parse.quote(password)}" if password else "")
        return f"postgres://{credentials}@{self.host}:{self.port}/{database}"

    def connect(self, role: str, database: str) -> psycopg.Connection:
        return psycopg.connect(self.url(role, database))

    def psql(self, script: str, database: str = "postgres") -> str:
        psql = shutil.which("psql")
        return run(
            [
                psql,
                "--no-psqlrc",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--dbname",
                self.url(self.superuser, database),
            ],
            {"PATH": "/usr/bin:/bin"},
            input_text=script,
        ).stdout

    def create_database(self, name: str) -> str:
        """An empty database set up as part 1 of the role SQL sets up the clinic's (the roles exist)."""
        self.databases.append(name)
        statements = [line for line in cluster_sql(self.roles, name) if not line.startswith("CREATE ROLE")]
        self.psql("\n".join(statements) + "\n")
        return name

    def rows(self, database: str, sql: str, params: tuple = (), role: str | None = None) -> list[tuple]:
        with self.connect(role or self.superuser, database) as connection:
            return connection.execute(sql, params or None).fetchall()


def _postgresql_settings() -> dict[str, str]:
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> make test")
    for tool in ("psql", "pg_dump", "pg_restore", "make"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed (Debian: apt-get install postgresql-client make)")
    return database


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    database = _postgresql_settings()
    prefix = f"wt{secrets.token_hex(5)}"
    cluster = Cluster(
        host=database["HOST"] or "127.0.0.1",
        port=str(database["PORT"] or 5432),
        superuser=database["USER"],
        superuser_password=database["PASSWORD"] or "",
        roles=Roles(owner=f"{prefix}_owner", app=f"{prefix}_app", purge=f"{prefix}_purge"),
        password=secrets.token_urlsafe(18),
    )
    try:
        yield cluster
    finally:
        with psycopg.connect(cluster.url(cluster.superuser, "postgres"), autocommit=True) as connection:
            for name in cluster.databases:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in (cluster.roles.owner, cluster.roles.app, cluster.roles.purge):
                connection.execute(f'DROP ROLE IF EXISTS "{role}"')


@dataclass
class Clinic:
    """The clinic's database, and what was done to it on the way."""

    database: str
    made: dict[str, str]  # references of the seeded requests (tests/ops/seed.py: clinic)
    waiting: dict[str, str]  # the request whose emails were still queued at the end
    sent_subjects: list[str]  # what the worker sent before the last request came in
    purge_as_app: str  # the last line the purge printed when run as the app role
    name_after_app_purge: str  # the due request's first name after that attempt


def role_options(roles: Roles) -> list[str]:
    return ["--owner", roles.owner, "--app", roles.app, "--purge", roles.purge]


def console_mail_env(url: str) -> dict[str, str]:
    """A worker that prints each email instead of sending it (DEBUG on, no mail server)."""
    return app_env(url, DEBUG="1", EMAIL_HOST="", EMAIL_DELIVERY="worker")


def sent_subjects(worker_output: str) -> list[str]:
    return sorted(
        line.removeprefix("Subject: ") for line in worker_output.splitlines() if line.startswith("Subject: ")
    )


def run_worker(url: str) -> list[str]:
    """Run the email worker until the queue is empty; the subjects of what it sent."""
    result = manage("send_emails", "--until-idle", "--poll", "0.1", env=console_mail_env(url))
    return sent_subjects(result.stdout)


@pytest.fixture(scope="session")
def clinic(cluster: Cluster) -> Clinic:
    roles = cluster.roles
    database = f"{roles.owner.removesuffix('_owner')}_clinic"
    cluster.databases.append(database)
    part_one = manage(
        "database_roles", "--cluster", *role_options(roles), "--database", database, env=app_env("")
    )
    cluster.psql(
        part_one.stdout
        + "".join(
            f"ALTER ROLE {role} PASSWORD '{cluster.password}';\n"
            for role in (roles.owner, roles.app, roles.purge)
        )
    )
    owner = app_env(cluster.url(roles.owner, database))
    manage("migrate", "--no-input", env=owner)
    manage("database_roles", "--apply", *role_options(roles), env=owner)

    app_url = cluster.url(roles.app, database)
    made = seed("clinic", app_env(app_url, EMAIL_DELIVERY="worker"))
    subjects = run_worker(app_url)

    as_app = manage("purge_requests", env=app_env(app_url), check=False)
    name_after = cluster.rows(
        database,
        "SELECT first_name FROM intake_consultationrequest WHERE reference = %s",
        (made["completed"],),
    )[0][0]
    manage("purge_requests", env=app_env(cluster.url(roles.purge, database)))

    waiting = seed("another", app_env(app_url, EMAIL_DELIVERY="worker"))
    return Clinic(
        database=database,
        made=made,
        waiting=waiting,
        sent_subjects=subjects,
        purge_as_app=(as_app.stderr.strip().splitlines() or [""])[-1] if as_app.returncode else "(it ran)",
        name_after_app_purge=name_after,
    )
