"""`manage.py database_roles` prints the role SQL the README documents, and refuses what it cannot do.

No PostgreSQL needed here; tests/ops/test_database_roles.py runs the SQL and tries every role.
"""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from tests.ops.support import BASE_DIR


def printed(*args: str) -> str:
    out = io.StringIO()
    call_command("database_roles", *args, stdout=out)
    return out.getvalue()


def test_the_readme_shows_exactly_the_sql_the_command_prints() -> None:
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    [documented] = re.findall(r"```sql\n(.*?)```", readme, flags=re.DOTALL)

    assert documented == printed("--database", "welltopia")


def test_part_one_is_what_a_superuser_runs_before_any_table_exists() -> None:
    """No table grants and no default privileges: a database made this way can take a restore."""
    lines = printed("--cluster", "--database", "clinic").splitlines()

    assert lines[:4] == [
        "CREATE ROLE welltopia_owner LOGIN;",
        "CREATE ROLE welltopia_app LOGIN;",
        "CREATE ROLE welltopia_purge LOGIN;",
        "CREATE DATABASE clinic OWNER welltopia_owner;",
    ]
    assert not [line for line in lines if " ON TABLES " in line or "ALL TABLES" in line]


def test_the_app_role_is_given_no_truncate_and_no_change_to_the_records() -> None:
    sql = printed("--database", "welltopia")

    assert "TRUNCATE" not in sql.replace("REVOKE ALL", "")
    assert (
        "REVOKE UPDATE, DELETE ON intake_statuschange, intake_note, intake_accesslog FROM welltopia_app;"
        in sql
    )
    assert (
        "REVOKE DELETE ON intake_consultationrequest, intake_requestmedicine, intake_consent FROM welltopia_app;"
        in sql
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--app", "app; DROP TABLE intake_note"],
            "'app; DROP TABLE intake_note' is not a plain PostgreSQL role name",
        ),
        (["--app", "welltopia_owner"], "The owner, app and purge roles must be three different roles."),
        (["--database", "Clinic-DB"], "'Clinic-DB' is not a plain database name"),
    ],
)
def test_it_refuses_names_it_would_have_to_quote(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        printed(*args)


@pytest.mark.django_db
def test_apply_needs_postgresql() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("this run is on PostgreSQL; tests/ops/test_database_roles.py applies the grants")
    with pytest.raises(
        CommandError, match=re.escape("database_roles --apply needs PostgreSQL; DATABASE_URL is sqlite.")
    ):
        printed("--apply")
