"""The whole suite with the site on its own PostgreSQL role: `pytest -p tests.ops.app_role`.

With this plugin the test database is made as production's is (README, Database roles): three
roles with names unique to the run, part 1 of the role SQL as the superuser DATABASE_URL names,
the migrations as the owner, `database_roles --apply`, and then every test, browser tests
included, runs connected as the **app role**. Afterwards the database and the roles are dropped.

Only the test harness acts as the owner: after a test that commits (`transaction=True`, the
live server), Django empties the tables with TRUNCATE, which the app role may not do; that
cleanup runs on a connection of the owner's, as an operator would.

What cannot pass on the app role, and why:
- tests/ops: they make their own roles and connect as each one explicitly (skipped here);
- tests marked `erases_personal_data` or `checks_trigger_message`: they erase personal data, or
  check the append-only triggers' own message, from the site's own process. The app role may no longer erase, and its grants refuse
  before the triggers speak. They are marked xfail(strict): each must fail with the database's
  refusal, and if one passes the role is too wide and the run fails.
"""

import pytest
from django.db import DatabaseError

ERASES = (
    "erases personal data from the site's process; only the purge role may (tests/ops/test_database_roles.py)"
)
TRIGGER = "the app role's grants refuse before the trigger's message (tests/ops/test_database_roles.py)"
# A test says which it is with a marker (pyproject.toml lists them), so renaming it keeps it marked.
REFUSED_TO_THE_APP: dict[str, tuple[type[BaseException], str]] = {
    "erases_personal_data": (DatabaseError, ERASES),
    "checks_trigger_message": (AssertionError, TRIGGER),
}


def pytest_configure(config: pytest.Config) -> None:
    # Imported now, after pytest-django, so that its django_db_setup is the one the tests use.
    config.pluginmanager.import_plugin("tests.ops.app_role_database")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("tests/ops/"):
            item.add_marker(pytest.mark.skip(reason="tests/ops make their own roles and connect as each"))
            continue
        for marker, (refusal, reason) in REFUSED_TO_THE_APP.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.xfail(raises=refusal, strict=True, reason=reason))
