"""Backups with a restore that is tested: `make backup` of the clinic, `make restore` into new databases.

Both run as on a fresh machine: nothing in their environment but PATH, HOME and the database
(no virtualenv, no site settings). The clinic (tests/ops/conftest.py) has requests in every
state, medicine rows, consents, history, notes, access-log entries, sent and queued emails, and
one request already erased by the purge. Each restore is compared with the clinic table by table,
and the site is started on one.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from psycopg import errors

from intake.models import (
    AccessLog,
    Consent,
    ConsultationRequest,
    Note,
    OutgoingEmail,
    RequestMedicine,
    StatusChange,
)
from tests.ops.conftest import Clinic, Cluster, role_options, run_worker
from tests.ops.support import Browser, app_env, fresh_machine, gunicorn, make, manage, run
from tests.support.patients import valid_form_data
from welltopia.database_roles import append_only_tables

pytestmark = pytest.mark.postgres

# Each kind of record the issue names; every other table with rows is compared just the same.
NAMED_TABLES = [
    model._meta.db_table
    for model in (ConsultationRequest, RequestMedicine, Consent, StatusChange, Note, AccessLog, OutgoingEmail)
]


def contents(cluster: Cluster, database: str) -> dict[str, tuple[int, str]]:
    """Every table of the schema: its row count and a digest of all its rows."""
    tables = cluster.rows(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return {
        table: cluster.rows(
            database,
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t",  # noqa: S608
        )[0]
        for (table,) in tables
    }


SCHEMA_FACTS = {
    "sequences": "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    "grants": "SELECT relname, relacl::text FROM pg_class "
    "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') ORDER BY 1",
    "column grants": "SELECT attrelid::regclass::text, attname, attacl::text FROM pg_attribute "
    "WHERE attacl IS NOT NULL AND attrelid::regclass::text NOT LIKE 'pg_%' ORDER BY 1, 2",
    "owners": "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    "triggers": "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
    "default privileges": "SELECT defaclrole::regrole::text, defaclobjtype, defaclacl::text "
    "FROM pg_default_acl ORDER BY 1, 2",
    "schema": "SELECT nspowner::regrole::text, nspacl::text FROM pg_namespace WHERE nspname = 'public'",
}


def schema_facts(cluster: Cluster, database: str) -> dict[str, list[tuple]]:
    return {name: cluster.rows(database, sql) for name, sql in SCHEMA_FACTS.items()}


class Backup:
    def __init__(self, cluster: Cluster, clinic: Clinic, directory: Path) -> None:
        self.cluster, self.clinic, self.directory = cluster, clinic, directory
        url_file = directory / "database_url"
        url_file.write_text(cluster.url(cluster.roles.owner, clinic.database) + "\n")
        url_file.chmod(0o600)
        self.backups = directory / "backups"
        self.result = make(
            "backup", fresh_machine(directory, DATABASE_URL_FILE=str(url_file), BACKUP_DIR=str(self.backups))
        )
        self.dump = Path(re.fullmatch(r"Backup written: (\S+)", self.result.stdout.strip()).group(1))
        # Taken straight after the dump, before any other test touches the clinic.
        self.contents = contents(cluster, clinic.database)
        self.facts = schema_facts(cluster, clinic.database)

    def restore_into(self, name: str, **env: str) -> str:
        """A new database made as part 1 of the role SQL makes one, with the backup restored into it."""
        database = self.cluster.create_database(f"{self.cluster.roles.owner.removesuffix('_owner')}_{name}")
        url = self.cluster.url(self.cluster.roles.owner, database)
        result = make(
            "restore", fresh_machine(self.directory, DATABASE_URL=url, **env), f"BACKUP={self.dump}"
        )
        assert result.stdout.strip().startswith(f"Restored {self.dump} into {database}."), result.stdout
        return database


@pytest.fixture(scope="session")
def backup(cluster: Cluster, clinic: Clinic, tmp_path_factory: pytest.TempPathFactory) -> Backup:
    return Backup(cluster, clinic, tmp_path_factory.mktemp("backup"))


@pytest.fixture(scope="session")
def restored(backup: Backup) -> str:
    return backup.restore_into("restored")


# --------------------------------------------------------------------------- everything comes back


def test_every_table_comes_back_row_for_row(backup: Backup, restored: str) -> None:
    assert contents(backup.cluster, restored) == backup.contents


def test_every_kind_of_record_was_there_to_come_back(backup: Backup) -> None:
    """Requests, medicine rows, consents, history, notes, access log and emails: none of them empty."""
    empty = [table for table in NAMED_TABLES if backup.contents[table][0] == 0]
    with_rows = {table for table, (count, _) in backup.contents.items() if count}

    assert empty == []
    assert set(NAMED_TABLES) <= with_rows
    assert len(with_rows) > len(NAMED_TABLES)  # sessions, users, devices, pages… too


def test_sequences_owners_grants_and_triggers_come_back_as_they_were(backup: Backup, restored: str) -> None:
    assert schema_facts(backup.cluster, restored) == backup.facts
    assert len(backup.facts["triggers"]) == len(append_only_tables())


@pytest.mark.parametrize("table", append_only_tables())
def test_the_restored_records_are_still_append_only(backup: Backup, restored: str, table: str) -> None:
    cluster = backup.cluster
    with cluster.connect(cluster.roles.owner, restored) as owner:
        with pytest.raises(errors.InsufficientPrivilege, match="audit records are append-only"):
            owner.execute(f"UPDATE {table} SET id = id")  # noqa: S608 - one of the audit tables
        owner.rollback()
    with cluster.connect(cluster.roles.app, restored) as app:
        for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):  # noqa: S608
            with pytest.raises(errors.InsufficientPrivilege, match=f"permission denied for table {table}"):
                app.execute(statement)
            app.rollback()


# --------------------------------------------------------------------------- the site on a restored database


def test_the_site_starts_on_a_restored_database_as_the_app_role(
    backup: Backup, clinic: Clinic, tmp_path: Path
) -> None:
    cluster = backup.cluster
    database = backup.restore_into("served")
    env = app_env(cluster.url(cluster.roles.app, database), EMAIL_DELIVERY="worker")
    manage("check", "--database", "default", env=env)
    manage("migrate", "--check", env=env)  # nothing left to migrate: the schema is the release's

    with gunicorn(env, tmp_path) as server:
        browser = Browser(server.url)
        health = browser.open("/healthz")
        status = browser.open(f"/consultation/status/{clinic.made['status_token']}/")
        form = browser.open("/consultation/")
        sent = browser.open(
            "/consultation/",
            {**valid_form_data(last_name="Restorington"), "csrfmiddlewaretoken": browser.csrf_token(form)},
        )

    assert (health.status, health.text.splitlines()[:2]) == (200, ["ok", "database: ok"])
    assert status.status == 200
    assert clinic.made["new"] in status.text
    assert sent.status == 200
    assert "/consultation/status/" in sent.url
    assert cluster.rows(
        database, "SELECT count(*) FROM intake_consultationrequest WHERE last_name = 'Restorington'"
    ) == [(1,)]


def test_a_restore_never_sends_an_email_twice(backup: Backup, clinic: Clinic) -> None:
    """Sent before the backup: stays sent. Still queued at the backup: sent once, after the restore."""
    cluster = backup.cluster
    database = backup.restore_into("mail")
    app_url = cluster.url(cluster.roles.app, database)
    tasks = f"SELECT id, status, sent_at FROM {OutgoingEmail._meta.db_table} ORDER BY id"  # noqa: S608
    before = cluster.rows(database, tasks)

    first_run = run_worker(app_url)
    second_run = run_worker(app_url)

    reference = clinic.waiting["reference"]
    assert first_run == [
        f"New consultation request {reference}",
        f"We received your consultation request {reference}",
    ]
    assert second_run == []
    assert not set(first_run) & set(clinic.sent_subjects)
    after = {task_id: (status, finished) for task_id, status, finished in cluster.rows(database, tasks)}
    for task_id, status, finished in before:
        if status == "sent":
            assert after[task_id] == (status, finished)  # untouched
    # Nothing left waiting; a reminder cancelled when its consultation was completed was never to go.
    assert {status for status, _ in after.values()} - {"cancelled"} == {"sent"}


def test_a_restore_onto_roles_of_other_names_gets_its_grants_from_database_roles_apply(
    backup: Backup,
) -> None:
    """RESTORE_PRIVILEGES=0 leaves owners and grants out; `database_roles --apply` puts them in."""
    cluster = backup.cluster
    database = backup.restore_into("staging", RESTORE_PRIVILEGES="0")
    with cluster.connect(cluster.roles.app, database) as app, pytest.raises(errors.InsufficientPrivilege):
        app.execute("SELECT count(*) FROM intake_consultationrequest")

    manage(
        "database_roles",
        "--apply",
        *role_options(cluster.roles),
        env=app_env(cluster.url(cluster.roles.owner, database)),
    )

    assert schema_facts(cluster, database)["grants"] == backup.facts["grants"]
    assert contents(cluster, database) == backup.contents


# --------------------------------------------------------------------------- make backup / make restore


def test_make_restore_refuses_a_database_that_already_has_tables(
    backup: Backup, clinic: Clinic, tmp_path: Path
) -> None:
    cluster = backup.cluster
    before = contents(cluster, clinic.database)
    env = fresh_machine(tmp_path, DATABASE_URL=cluster.url(cluster.roles.owner, clinic.database))

    result = make("restore", env, f"BACKUP={backup.dump}", check=False)

    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"error: The database {clinic.database} already has {len(before)} tables; nothing was restored. "
        "Restore into a new, empty database (README, Restoring) and then point DATABASE_URL at it."
    )
    assert contents(cluster, clinic.database) == before


def test_make_restore_refuses_a_database_whose_default_privileges_would_widen_the_grants(
    backup: Backup, tmp_path: Path
) -> None:
    """Tables restored there would get those privileges on top of their own (the app: UPDATE on notes)."""
    cluster = backup.cluster
    database = cluster.create_database(f"{cluster.roles.owner.removesuffix('_owner')}_widened")
    cluster.psql(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {cluster.roles.owner} IN SCHEMA public "
        f"GRANT UPDATE, DELETE ON TABLES TO {cluster.roles.app};",
        database=database,
    )
    env = fresh_machine(tmp_path, DATABASE_URL=cluster.url(cluster.roles.owner, database))

    result = make("restore", env, f"BACKUP={backup.dump}", check=False)

    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"error: The database {database} has default privileges, which would widen the grants of every "
        "restored table; nothing was restored. Make the database with `manage.py database_roles "
        "--cluster` (README, Restoring), without `--apply`."
    )
    assert contents(cluster, database) == {}


def test_make_backup_writes_a_private_dump_and_deletes_old_ones(backup: Backup, tmp_path: Path) -> None:
    cluster = backup.cluster
    directory = tmp_path / "backups"
    directory.mkdir(mode=0o700)
    old, recent = directory / "welltopia-20200101T000000Z.dump", directory / "welltopia-20260101T000000Z.dump"
    for path, age_days in ((old, 15), (recent, 13)):
        path.write_bytes(b"")
        now = path.stat().st_mtime  # the file system's clock, which a TEST_CLOCK run leaves alone
        os.utime(path, (now - age_days * 86400,) * 2)
    env = fresh_machine(
        tmp_path,
        DATABASE_URL=cluster.url(cluster.roles.owner, backup.clinic.database),
        BACKUP_DIR=str(directory),
    )

    make("backup", env)

    dumps = sorted(directory.iterdir())
    assert old not in dumps
    assert recent in dumps
    [written] = [path for path in dumps if path != recent]
    assert re.fullmatch(r"welltopia-\d{8}T\d{6}Z\.dump", written.name)
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert oct(backup.backups.stat().st_mode & 0o777) == "0o700"
    listing = run([shutil.which("pg_restore"), "--list", str(written)], env).stdout
    assert "TABLE DATA public intake_note" in listing
