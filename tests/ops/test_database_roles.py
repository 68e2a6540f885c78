"""Least privilege in PostgreSQL: the app role adds and reads the records, only the purge role erases.

Every statement here runs in its own connection as the role named, on the run's own clinic
database (tests/ops/conftest.py), and must be refused by PostgreSQL's grants: the append-only
guarantee rests on them, not on a flag the app could set.
"""

import psycopg
import pytest
from psycopg import errors

from tests.ops.conftest import Clinic, Cluster, role_options
from tests.ops.support import app_env, manage
from welltopia.database_roles import append_only_tables, patient_tables

pytestmark = pytest.mark.postgres

AUDIT_TABLES = append_only_tables()
PATIENT_TABLES = patient_tables()


def refusal(cluster: Cluster, role: str, database: str, *statements: str) -> str:
    """Run the statements in one transaction as `role`; the message PostgreSQL refuses the last with."""
    with cluster.connect(role, database) as connection:
        *before, last = statements
        for statement in before:
            connection.execute(statement)
        with pytest.raises(errors.InsufficientPrivilege) as refused:
            connection.execute(last)
        connection.rollback()
    return str(refused.value).splitlines()[0]


def table_digest(cluster: Cluster, database: str, table: str) -> tuple[int, str]:
    return cluster.rows(
        database,
        f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t",  # noqa: S608
    )[0]


# --------------------------------------------------------------------------- the app role


@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET id = id", "DELETE FROM {table}", "TRUNCATE {table}", "TRUNCATE {table} CASCADE"],
)
def test_the_app_role_cannot_change_or_erase_an_append_only_record(
    cluster: Cluster, clinic: Clinic, table: str, statement: str
) -> None:
    before = table_digest(cluster, clinic.database, table)

    message = refusal(cluster, cluster.roles.app, clinic.database, statement.format(table=table))

    assert message == f"permission denied for table {table}"
    assert table_digest(cluster, clinic.database, table) == before
    assert before[0] > 0


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_setting_the_purge_flag_opens_nothing_to_the_app_role(
    cluster: Cluster, clinic: Clinic, table: str
) -> None:
    """Anyone may set a custom setting; the grant refuses before the trigger ever looks at it."""
    before = table_digest(cluster, clinic.database, table)

    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}", f"TRUNCATE {table}"):  # noqa: S608
        message = refusal(
            cluster,
            cluster.roles.app,
            clinic.database,
            "SET LOCAL welltopia.retention_purge = 'on'",
            statement,
        )
        assert message == f"permission denied for table {table}"

    assert table_digest(cluster, clinic.database, table) == before


@pytest.mark.parametrize("table", PATIENT_TABLES)
@pytest.mark.parametrize("statement", ["DELETE FROM {table}", "TRUNCATE {table} CASCADE"])
def test_the_app_role_cannot_delete_a_request_its_medicines_or_consents(
    cluster: Cluster, clinic: Clinic, table: str, statement: str
) -> None:
    message = refusal(cluster, cluster.roles.app, clinic.database, statement.format(table=table))

    assert message == f"permission denied for table {table}"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE intake_consultationrequest SET first_name = '[erased]'",
        "UPDATE intake_consultationrequest SET email = 'someone@else.example'",
        "UPDATE intake_consultationrequest SET opioid_use = false",
        "UPDATE intake_consultationrequest SET goals = ''",
        "UPDATE intake_requestmedicine SET name = 'nothing'",
        "UPDATE intake_consent SET given_at = now()",
    ],
)
def test_the_app_role_cannot_rewrite_or_erase_a_patient_s_answers(
    cluster: Cluster, clinic: Clinic, statement: str
) -> None:
    """Only the purge erases them; the app changes a request's queue and clinical columns alone."""
    table = statement.split()[1]
    before = table_digest(cluster, clinic.database, table)

    assert (
        refusal(cluster, cluster.roles.app, clinic.database, statement)
        == f"permission denied for table {table}"
    )
    assert table_digest(cluster, clinic.database, table) == before


def test_the_app_role_still_moves_a_request_through_the_queue(cluster: Cluster, clinic: Clinic) -> None:
    with cluster.connect(cluster.roles.app, clinic.database) as connection:
        updated = connection.execute(
            "UPDATE intake_consultationrequest SET status = status, assigned_to_id = assigned_to_id, "
            "flag_opioid = flag_opioid, assessment = assessment, updated_at = now()"
        ).rowcount
        connection.rollback()
    assert updated > 0


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("CREATE TABLE intake_shadow (id int)", "permission denied for schema public"),
        (
            "CREATE FUNCTION public.f() RETURNS int AS 'SELECT 1' LANGUAGE sql",
            "permission denied for schema public",
        ),
        (
            "CREATE TEMPORARY TABLE shadow (id int)",
            'permission denied to create temporary tables in database "{db}"',
        ),
        ("CREATE SCHEMA shadow", "permission denied for database {db}"),
        (
            "ALTER TABLE intake_note DISABLE TRIGGER intake_note_append_only",
            "must be owner of table intake_note",
        ),
        ("DROP TRIGGER intake_note_append_only ON intake_note", "must be owner of relation intake_note"),
        ("ALTER TABLE intake_accesslog ADD COLUMN x int", "must be owner of table intake_accesslog"),
        ("DROP TABLE intake_statuschange", "must be owner of table intake_statuschange"),
        (
            "INSERT INTO django_migrations (app, name, applied) VALUES ('intake', 'x', now())",
            "permission denied for table django_migrations",
        ),
    ],
)
def test_the_app_role_can_create_alter_or_drop_nothing(
    cluster: Cluster, clinic: Clinic, statement: str, message: str
) -> None:
    assert refusal(cluster, cluster.roles.app, clinic.database, statement) == message.format(
        db=clinic.database
    )


def test_the_app_role_adds_to_and_reads_the_append_only_records(cluster: Cluster, clinic: Clinic) -> None:
    with cluster.connect(cluster.roles.app, clinic.database) as connection:
        request_id, reference = connection.execute(
            "SELECT id, reference FROM intake_consultationrequest WHERE reference = %s", [clinic.made["new"]]
        ).fetchone()
        connection.execute(
            "INSERT INTO intake_accesslog (request_id, reference, action, detail, at) "
            "VALUES (%s, %s, 'viewed', '', now())",
            [request_id, reference],
        )
        seen = connection.execute(
            "SELECT count(*) FROM intake_accesslog WHERE reference = %s", [reference]
        ).fetchone()[0]
        connection.rollback()

    assert seen == 1


def test_a_table_a_later_migration_adds_is_the_apps_at_once(cluster: Cluster, clinic: Clinic) -> None:
    """Default privileges: the owner's new tables need no new GRANT before the site can use them."""
    with cluster.connect(cluster.roles.owner, clinic.database) as owner:
        owner.execute(
            "CREATE TABLE intake_later (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x text)"
        )
        owner.commit()
        try:
            with cluster.connect(cluster.roles.app, clinic.database) as app:
                app.execute("INSERT INTO intake_later (x) VALUES ('written by the site')")
                assert app.execute("SELECT x FROM intake_later").fetchall() == [("written by the site",)]
                app.commit()
            assert refusal(cluster, cluster.roles.app, clinic.database, "TRUNCATE intake_later") == (
                "permission denied for table intake_later"
            )
            assert refusal(
                cluster, cluster.roles.purge, clinic.database, "INSERT INTO intake_later (x) VALUES ('')"
            ) == ("permission denied for table intake_later")
            assert cluster.rows(
                clinic.database, "SELECT count(*) FROM intake_later", role=cluster.roles.purge
            ) == [(1,)]
        finally:
            owner.execute("DROP TABLE intake_later")
            owner.commit()


def test_the_site_and_its_email_worker_ran_on_the_app_role(cluster: Cluster, clinic: Clinic) -> None:
    """The clinic was filled as the app role: the form, the status page, the workflow, the worker."""
    statuses = dict(
        cluster.rows(
            clinic.database,
            "SELECT reference, status FROM intake_consultationrequest WHERE reference = ANY(%s)",
            ([clinic.made[kind] for kind in ("new", "declined", "withdrawn", "completed")],),
        )
    )

    assert statuses == {
        clinic.made["new"]: "new",
        clinic.made["declined"]: "declined",
        clinic.made["withdrawn"]: "withdrawn",
        clinic.made["completed"]: "completed",
    }
    assert clinic.sent_subjects == sorted(
        [
            *(
                f"We received your consultation request {clinic.made[kind]}"
                for kind in clinic.made
                if kind != "status_token"
            ),
            *(
                f"New consultation request {clinic.made[kind]}"
                for kind in clinic.made
                if kind != "status_token"
            ),
            f"About your consultation request {clinic.made['declined']}",
            f"Consultation request {clinic.made['withdrawn']} was withdrawn",
            f"Your consultation is booked ({clinic.made['completed']})",
        ]
    )


# --------------------------------------------------------------------------- the purge role


def test_the_app_role_cannot_run_the_retention_purge(clinic: Clinic) -> None:
    # Refused at its first erasure: the request's answers are not the app's to change.
    assert clinic.purge_as_app == (
        "django.db.utils.ProgrammingError: permission denied for table intake_consultationrequest"
    )
    assert clinic.name_after_app_purge == "Dagny"  # nothing erased: the purge is one transaction


def test_the_purge_role_erases_the_personal_data_of_a_request_past_retention(
    cluster: Cluster, clinic: Clinic
) -> None:
    [(request_id, first_name, email, erased_at)] = cluster.rows(
        clinic.database,
        "SELECT id, first_name, email, personal_data_erased_at FROM intake_consultationrequest WHERE reference = %s",
        (clinic.made["completed"],),
    )
    medicines = cluster.rows(
        clinic.database, "SELECT count(*) FROM intake_requestmedicine WHERE request_id = %s", (request_id,)
    )
    reasons = cluster.rows(
        clinic.database,
        "SELECT DISTINCT reason FROM intake_statuschange WHERE request_id = %s AND reason <> ''",
        (request_id,),
    )
    logged = cluster.rows(
        clinic.database, "SELECT action, user_id FROM intake_accesslog WHERE request_id = %s", (request_id,)
    )

    assert (first_name, email, erased_at is not None) == ("", "", True)
    assert medicines == [(0,)]
    assert reasons == [("[erased]",)]
    # The staff's moves were logged as they happened; the purge adds one erasure, by nobody.
    assert [row for row in logged if row[0] == "erased"] == [("erased", None)]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE intake_note SET author_id = NULL",
        "UPDATE intake_note SET created_at = now()",
        "UPDATE intake_statuschange SET changed_at = now()",
        "UPDATE intake_statuschange SET to_status = 'new'",
        "UPDATE intake_accesslog SET detail = ''",
        "DELETE FROM intake_note",
        "DELETE FROM intake_statuschange",
        "DELETE FROM intake_accesslog",
        "DELETE FROM intake_consultationrequest",
        "TRUNCATE intake_accesslog",
        "TRUNCATE intake_requestmedicine",
        "UPDATE auth_user SET is_superuser = true",
        "INSERT INTO intake_note (request_id, text, created_at) VALUES (1, 'forged', now())",
    ],
)
def test_the_purge_role_erases_text_but_cannot_rewrite_who_or_when_or_delete_a_record(
    cluster: Cluster, clinic: Clinic, statement: str
) -> None:
    table = statement.split()[2 if statement.startswith(("DELETE", "INSERT")) else 1]

    message = refusal(
        cluster, cluster.roles.purge, clinic.database, "SET LOCAL welltopia.retention_purge = 'on'", statement
    )

    assert message == f"permission denied for table {table}"


# --------------------------------------------------------------------------- the owner, and the command


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_triggers_still_refuse_the_owner(cluster: Cluster, clinic: Clinic, table: str) -> None:
    """The owner bypasses grants; the append-only triggers are the second line for it (and superusers)."""
    with cluster.connect(cluster.roles.owner, clinic.database) as connection:
        with pytest.raises(psycopg.Error, match="audit records are append-only"):
            connection.execute(f"DELETE FROM {table}")  # noqa: S608 - one of the audit tables
        connection.rollback()


def test_database_roles_apply_refuses_tables_the_owner_does_not_own(cluster: Cluster, clinic: Clinic) -> None:
    cluster.psql("CREATE TABLE intake_stray (id int);", database=clinic.database)
    try:
        result = manage(
            "database_roles",
            "--apply",
            *role_options(cluster.roles),
            env=app_env(cluster.url(cluster.roles.owner, clinic.database)),
            check=False,
        )
    finally:
        cluster.psql("DROP TABLE intake_stray;", database=clinic.database)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"CommandError: These tables are not owned by {cluster.roles.owner}: intake_stray. Run migrations "
        f"as {cluster.roles.owner} (or ALTER TABLE … OWNER TO {cluster.roles.owner}), then apply again."
    )


def test_database_roles_apply_is_safe_to_repeat(cluster: Cluster, clinic: Clinic) -> None:
    acl = "SELECT relname, relacl::text FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY relname"
    before = cluster.rows(clinic.database, acl)

    result = manage(
        "database_roles",
        "--apply",
        *role_options(cluster.roles),
        env=app_env(cluster.url(cluster.roles.owner, clinic.database)),
    )

    assert result.stdout.strip() == (
        f"Granted {cluster.roles.app} (the site) and {cluster.roles.purge} (the purge) their rights on every "
        f"table of {clinic.database}."
    )
    assert cluster.rows(clinic.database, acl) == before
