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
- REFUSED_TO_THE_APP: tests that erase personal data, or check the append-only triggers' own
  message, from the site's own process. The app role may no longer erase, and its grants refuse
  before the triggers speak. They are marked xfail(strict): each must fail with the database's
  refusal, and if one passes the role is too wide and the run fails.
"""

import pytest
from django.db import DatabaseError

ERASES = (
    "erases personal data from the site's process; only the purge role may (tests/ops/test_database_roles.py)"
)
TRIGGER = "the app role's grants refuse before the trigger's message (tests/ops/test_database_roles.py)"
REFUSED_TO_THE_APP: dict[str, tuple[type[BaseException], str]] = {
    "tests/security/test_retention.py::test_the_purge_erases_personal_and_health_data_of_requests_closed_past_the_retention_period": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_retention.py::test_the_purge_keeps_the_reference_status_history_and_consents": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_retention.py::test_the_purge_is_recorded_in_the_access_log": (DatabaseError, ERASES),
    "tests/security/test_retention.py::test_a_second_purge_finds_nothing_left_to_erase": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_retention.py::test_on_postgresql_the_purge_gets_past_the_append_only_triggers": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_retention.py::test_the_erase_on_request_action_erases_only_withdrawn_requests_whose_patient_asked": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_audit_integrity.py::test_the_retention_purge_may_erase_note_text_and_decline_reasons": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_audit_integrity.py::test_the_purges_permission_ends_with_the_purge": (
        DatabaseError,
        ERASES,
    ),
    "tests/security/test_audit_integrity.py::test_raw_sql_cannot_update_audit_rows": (
        AssertionError,
        TRIGGER,
    ),
    "tests/security/test_audit_integrity.py::test_raw_sql_cannot_delete_audit_rows": (
        AssertionError,
        TRIGGER,
    ),
    "tests/security/test_audit_integrity.py::test_a_request_with_a_history_cannot_be_deleted_through_the_orm": (
        AssertionError,
        TRIGGER,
    ),
    "tests/staff/test_notes.py::test_the_database_refuses_to_edit_or_delete_a_note": (
        AssertionError,
        TRIGGER,
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    # Imported now, after pytest-django, so that its django_db_setup is the one the tests use.
    config.pluginmanager.import_plugin("tests.ops.app_role_database")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("tests/ops/"):
            item.add_marker(pytest.mark.skip(reason="tests/ops make their own roles and connect as each"))
            continue
        test = item.nodeid.split("[")[0]
        if test in REFUSED_TO_THE_APP:
            refusal, reason = REFUSED_TO_THE_APP[test]
            item.add_marker(pytest.mark.xfail(raises=refusal, strict=True, reason=reason))
