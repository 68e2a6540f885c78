"""The three PostgreSQL roles and what each may do: the one declaration `manage.py database_roles` prints and applies.

- The **owner** owns the database and every table; it runs the migrations (and backups).
- The **app** role is the site and the email worker: it reads and writes what the site needs,
  may only add to and read the append-only records (status history, notes, access log), may
  never delete a request, a medicine row or a consent, may change a request's place in the queue
  and what staff decide but never the patient's answers (nor their medicine rows or consents),
  and can create, alter or drop nothing.
- The **purge** role is the retention purge (`manage.py purge_requests`) and nothing else: it
  reads, and erases personal data: the request's answers, its medicine rows, the text of its
  notes and of its status reasons, recording the erasure in the access log.

Nobody but the owner (and superusers) may UPDATE, DELETE or TRUNCATE the append-only records:
the triggers of migration 0005 then refuse even the owner, except while the purge has set
`welltopia.retention_purge`, and that flag opens nothing to a role without the grant.

Two parts, because tables must exist before they can be granted:
- `cluster_sql()`: as a superuser, once: the roles, the database and the schema;
- `table_sql()`: in the database, as the owner, after every `migrate`
  (`manage.py database_roles --apply`): the grants, and default privileges so that tables later
  migrations add are the app's and the purge's at once. It starts from nothing each time, so it
  is also what puts the grants back after a restore onto roles of other names.
"""

import re
from dataclasses import dataclass

SCHEMA = "public"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# The app role's everyday rights on every table (and on tables added later, by default privileges).
APP_TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


def append_only_tables() -> list[str]:
    """Status history, notes, the access log: added to and read, never changed but by the purge."""
    from intake.models import AccessLog, Note, StatusChange

    return [model._meta.db_table for model in (StatusChange, Note, AccessLog)]


def patient_tables() -> list[str]:
    """The patient's request, medicine rows and consents: the app never deletes them."""
    from intake.models import Consent, ConsultationRequest, RequestMedicine

    return [model._meta.db_table for model in (ConsultationRequest, RequestMedicine, Consent)]


def app_request_columns() -> tuple[str, list[str]]:
    """(table, columns) of the request that the app may UPDATE: its life in the queue and what the
    screening and staff decide, never the patient's own answers (who they are, how to reach them,
    their health). Those are written once, by the submission's INSERT, and changed only by the
    purge's erasure. intake/answers.py says which field is which."""
    from intake import answers
    from intake.models import ConsultationRequest

    meta = ConsultationRequest._meta
    personal = {answers.Kind.IDENTITY, answers.Kind.CONTACT, answers.Kind.HEALTH}
    return meta.db_table, sorted(
        meta.get_field(name).column
        for name, kind in answers.FIELD_KINDS.items()
        if kind not in personal and name != "id"
    )


def app_unchanged_tables() -> list[str]:
    """The patient's medicine rows and consents: inserted with the request, never updated by the app."""
    from intake.models import Consent, RequestMedicine

    return [model._meta.db_table for model in (RequestMedicine, Consent)]


def app_read_only_tables() -> list[str]:
    """Written by `migrate` (the owner) alone."""
    return ["django_migrations"]


def purge_grants() -> list[tuple[str, str]]:
    """(privilege, table) pairs: exactly what erasing a request's personal data needs, beyond reading."""
    from intake.models import (
        AccessLog,
        ConsultationRequest,
        MedicineMatch,
        Note,
        RequestMedicine,
        StatusChange,
    )

    def column(model: type, field: str) -> str:
        return model._meta.get_field(field).column

    return [
        ("UPDATE", ConsultationRequest._meta.db_table),
        ("DELETE", RequestMedicine._meta.db_table),
        ("DELETE", MedicineMatch._meta.db_table),  # what the screening found in the rows deleted
        (f"UPDATE ({column(Note, 'text')})", Note._meta.db_table),
        (f"UPDATE ({column(StatusChange, 'reason')})", StatusChange._meta.db_table),
        ("INSERT", AccessLog._meta.db_table),
    ]


@dataclass(frozen=True)
class Roles:
    owner: str = "welltopia_owner"
    app: str = "welltopia_app"
    purge: str = "welltopia_purge"

    def __post_init__(self) -> None:
        names = (self.owner, self.app, self.purge)
        for name in names:
            if not ROLE_NAME.match(name):
                raise ValueError(
                    f"{name!r} is not a plain PostgreSQL role name (lower-case letters, digits, _)."
                )
        if len(set(names)) != 3:
            raise ValueError("The owner, app and purge roles must be three different roles.")


def _default_privileges(roles: Roles) -> list[str]:
    prefix = f"ALTER DEFAULT PRIVILEGES FOR ROLE {roles.owner} IN SCHEMA {SCHEMA}"
    return [
        f"{prefix} GRANT {APP_TABLE_RIGHTS} ON TABLES TO {roles.app};",
        f"{prefix} GRANT USAGE, SELECT ON SEQUENCES TO {roles.app};",
        f"{prefix} GRANT SELECT ON TABLES TO {roles.purge};",
        f"{prefix} GRANT USAGE, SELECT ON SEQUENCES TO {roles.purge};",
    ]


def cluster_sql(roles: Roles, database: str) -> list[str]:
    """Statements for psql as a superuser, once: roles, database, schema.

    No grants on tables and no default privileges yet: a database made this way is also the one to
    restore a backup into, and default privileges there would add to every restored table's grants
    (the dump brings its own, and restores them after the tables).
    """
    if not ROLE_NAME.match(database):
        raise ValueError(f"{database!r} is not a plain database name (lower-case letters, digits, _).")
    return [
        f"CREATE ROLE {roles.owner} LOGIN;",
        f"CREATE ROLE {roles.app} LOGIN;",
        f"CREATE ROLE {roles.purge} LOGIN;",
        f"CREATE DATABASE {database} OWNER {roles.owner};",
        # No one else may connect or make temporary tables; the app and the purge may connect.
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC;",
        f"GRANT CONNECT ON DATABASE {database} TO {roles.app}, {roles.purge};",
        f"\\connect {database}",
        # Only the owner creates anything in the schema.
        f"ALTER SCHEMA {SCHEMA} OWNER TO {roles.owner};",
        f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC;",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {roles.app}, {roles.purge};",
    ]


def table_sql(roles: Roles) -> list[str]:
    """Statements for the owner, in the database, after every migrate. Safe to repeat."""
    every_table = f"ALL TABLES IN SCHEMA {SCHEMA}"
    every_sequence = f"ALL SEQUENCES IN SCHEMA {SCHEMA}"
    append_only = ", ".join(append_only_tables())
    patient = ", ".join(patient_tables())
    read_only = ", ".join(app_read_only_tables())
    request_table, request_columns = app_request_columns()
    return [
        # From nothing, so a right taken out of this declaration is taken from the role too.
        f"REVOKE ALL ON {every_table} FROM {roles.app}, {roles.purge};",
        f"REVOKE ALL ON {every_sequence} FROM {roles.app}, {roles.purge};",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {roles.app}, {roles.purge};",
        # The app: read and write, but never TRUNCATE, and less on the tables below.
        f"GRANT {APP_TABLE_RIGHTS} ON {every_table} TO {roles.app};",
        f"GRANT USAGE, SELECT ON {every_sequence} TO {roles.app};",
        f"REVOKE UPDATE, DELETE ON {append_only} FROM {roles.app};",
        f"REVOKE DELETE ON {patient} FROM {roles.app};",
        # The patient's answers: the app updates a request's queue and clinical columns only.
        f"REVOKE UPDATE ON {request_table} FROM {roles.app};",
        f"GRANT UPDATE ({', '.join(request_columns)}) ON {request_table} TO {roles.app};",
        f"REVOKE UPDATE ON {', '.join(app_unchanged_tables())} FROM {roles.app};",
        f"REVOKE INSERT, UPDATE, DELETE ON {read_only} FROM {roles.app};",
        # The purge: read everything, erase personal data, nothing else.
        f"GRANT SELECT ON {every_table} TO {roles.purge};",
        f"GRANT USAGE, SELECT ON {every_sequence} TO {roles.purge};",
        *(f"GRANT {privilege} ON {table} TO {roles.purge};" for privilege, table in purge_grants()),
        # Tables that later migrations add get the app's and the purge's everyday rights at once.
        *_default_privileges(roles),
    ]


def script(roles: Roles, database: str) -> str:
    """Both parts, as an operator reads them (README, Production: database roles)."""
    lines = [
        "-- 1. As a PostgreSQL superuser, once (psql -U postgres -v ON_ERROR_STOP=1 -f -).",
        "--    Then give each role a password: \\password " + roles.owner + " (and the other two).",
        *cluster_sql(roles, database),
        "",
        f"-- 2. As {roles.owner}, after every migrate: manage.py database_roles --apply",
        f"SET ROLE {roles.owner};",
        *table_sql(roles),
    ]
    return "\n".join(lines) + "\n"


def tables_not_owned_by(owner: str, cursor) -> list[str]:
    """Tables in the schema that the owner role does not own (migrations run as someone else)."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner <> %s ORDER BY tablename",
        [SCHEMA, owner],
    )
    return [row[0] for row in cursor.fetchall()]
