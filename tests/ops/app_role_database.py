"""The test database for `-p tests.ops.app_role`: made and migrated as the owner, used as the app role."""

import secrets
from collections.abc import Callable, Iterator

import psycopg
import psycopg.sql
import pytest
from django.db.backends.postgresql.operations import DatabaseOperations

from welltopia.database_roles import Roles, cluster_sql, table_sql


@pytest.fixture(scope="session")
def django_db_setup(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    from django.db import connection, connections
    from django.test.utils import setup_databases

    settings = connection.settings_dict
    if settings["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("-p tests.ops.app_role needs DATABASE_URL=postgres://… (a superuser)", returncode=2)
    superuser = {key: settings[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    prefix = f"wt{secrets.token_hex(5)}"
    roles = Roles(owner=f"{prefix}_owner", app=f"{prefix}_app", purge=f"{prefix}_purge")
    password = secrets.token_urlsafe(18)
    database = f"test_{prefix}"

    def connect(user: str, name: str, secret: str) -> psycopg.Connection:
        return psycopg.connect(
            host=superuser["HOST"] or "127.0.0.1",
            port=superuser["PORT"] or 5432,
            user=user,
            password=secret or None,
            dbname=name,
            autocommit=True,
        )

    def as_superuser(name: str) -> psycopg.Connection:
        return connect(superuser["USER"], name, superuser["PASSWORD"])

    def flush_as_the_owner(operations: DatabaseOperations, sql_list: list[str]) -> None:
        """Django's cleanup after a committing test TRUNCATEs; the owner may, the app role may not."""
        with connect(roles.owner, operations.connection.settings_dict["NAME"], password) as owner:
            for sql in sql_list:
                owner.execute(sql)

    with django_db_blocker.unblock():
        try:
            _part_one(cluster_sql(roles, database), roles, password, as_superuser)
            settings.update(USER=roles.owner, PASSWORD=password)
            settings["TEST"] = {**settings.get("TEST", {}), "NAME": database}
            connection.close()
            setup_databases(verbosity=request.config.option.verbose, interactive=False, keepdb=True)
            with connection.cursor() as cursor:
                for statement in table_sql(roles):
                    cursor.execute(statement)
            connection.close()
            settings.update(USER=roles.app, PASSWORD=password)
            # On the class: every connection object (each thread and event loop has its own) uses it.
            DatabaseOperations.execute_sql_flush = flush_as_the_owner
            yield
        finally:
            if "execute_sql_flush" in vars(DatabaseOperations):
                del DatabaseOperations.execute_sql_flush  # back to Django's own
            connections.close_all()
            with as_superuser("postgres") as admin:
                admin.execute(
                    psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        psycopg.sql.Identifier(database)
                    )
                )
                for role in (roles.owner, roles.app, roles.purge):
                    admin.execute(
                        psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(psycopg.sql.Identifier(role))
                    )
            settings.update(superuser)


def _part_one(
    statements: list[str], roles: Roles, password: str, connect: Callable[[str], psycopg.Connection]
) -> None:
    """Part 1 of the role SQL as psql runs it: up to `\\connect` in `postgres`, the rest in the new database."""
    admin = connect("postgres")
    try:
        for statement in statements:
            if statement.startswith("\\connect "):
                admin.close()
                admin = connect(statement.split()[1])
            else:
                admin.execute(statement)
        for role in (roles.owner, roles.app, roles.purge):
            admin.execute(
                psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    psycopg.sql.Identifier(role), psycopg.sql.Literal(password)
                )
            )
    finally:
        admin.close()
