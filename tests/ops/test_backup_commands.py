"""`make backup` / `make restore` check what they are given before touching a database, and hide the password.

They run as on a fresh machine (tests/ops/support.py: fresh_machine). With stand-in pg_dump,
pg_restore and psql first on PATH, no PostgreSQL is needed: these run on every suite.
"""

import json
from pathlib import Path

import pytest

from tests.ops.support import FRESH_PATH, fresh_machine, make

# A stand-in for pg_dump / pg_restore / psql: records its arguments and PGPASSWORD, answers "0 tables".
STAND_IN = """#!/usr/bin/env python3
import json, os, sys
from pathlib import Path
with open(os.environ["CALLS"], "a") as calls:
    calls.write(json.dumps([Path(sys.argv[0]).name, sys.argv[1:], os.environ.get("PGPASSWORD")]) + "\\n")
for argument in sys.argv[1:]:
    if argument.startswith("--file="):
        Path(argument.removeprefix("--file=")).write_bytes(b"PGDMP")
if Path(sys.argv[0]).name == "psql":
    print("0|0")
"""


@pytest.fixture
def stand_ins(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("pg_dump", "pg_restore", "psql"):
        (bin_dir / name).write_text(STAND_IN)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def calls(tmp_path: Path) -> list[list]:
    return [json.loads(line) for line in (tmp_path / "calls").read_text().splitlines()]


URL = "postgres://welltopia_owner:p%40ss%3Aword@db.internal:5433/welltopia?sslmode=require"
WITHOUT_PASSWORD = "postgres://welltopia_owner@db.internal:5433/welltopia?sslmode=require"


def test_make_backup_passes_the_password_in_the_environment_never_on_a_command_line(
    tmp_path: Path, stand_ins: Path
) -> None:
    """Any user on the machine can read every command line (`ps`); only the process can read its environment."""
    env = fresh_machine(
        tmp_path, DATABASE_URL=URL, BACKUP_DIR=str(tmp_path / "backups"), CALLS=str(tmp_path / "calls")
    )
    env["PATH"] = f"{stand_ins}:{FRESH_PATH}"

    result = make("backup", env)

    [dump] = (tmp_path / "backups").iterdir()
    assert result.stdout.strip() == f"Backup written: {dump}"
    assert calls(tmp_path) == [
        [
            "pg_dump",
            ["--format=custom", f"--file={dump}.partial", f"--dbname={WITHOUT_PASSWORD}"],
            "p@ss:word",
        ],
        ["pg_restore", ["--list", f"{dump}.partial"], "p@ss:word"],
    ]


def test_make_restore_restores_in_one_transaction_with_the_password_in_the_environment(
    tmp_path: Path, stand_ins: Path
) -> None:
    dump = tmp_path / "welltopia.dump"
    dump.write_bytes(b"PGDMP")
    env = fresh_machine(tmp_path, DATABASE_URL=URL, CALLS=str(tmp_path / "calls"))
    env["PATH"] = f"{stand_ins}:{FRESH_PATH}"

    result = make("restore", env, f"BACKUP={dump}")

    assert result.stdout.strip() == f"Restored {dump} into welltopia."
    psql = ["--no-psqlrc", "--tuples-only", "--no-align", f"--dbname={WITHOUT_PASSWORD}", "--command"]
    assert calls(tmp_path) == [
        [
            "psql",
            [
                *psql,
                "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'), "
                "(SELECT count(*) FROM pg_default_acl)",
            ],
            "p@ss:word",
        ],
        [
            "pg_restore",
            ["--exit-on-error", "--single-transaction", f"--dbname={WITHOUT_PASSWORD}", str(dump)],
            "p@ss:word",
        ],
        ["psql", [*psql, "ANALYZE"], "p@ss:word"],
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DATABASE_URL": "postgres://a@b/c", "DATABASE_URL_FILE": "/etc/welltopia/database_url"},
            "error: DATABASE_URL and DATABASE_URL_FILE are both set; give the secret one way only.",
        ),
        (
            {"DATABASE_URL_FILE": "/nonexistent/database_url"},
            "error: DATABASE_URL_FILE names a file that cannot be read: /nonexistent/database_url "
            "(No such file or directory).",
        ),
        ({}, "error: DATABASE_URL (or DATABASE_URL_FILE) is required: the PostgreSQL database to use."),
        (
            {"DATABASE_URL": "sqlite:///db.sqlite3"},
            "error: DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/name).",
        ),
    ],
    ids=["both ways", "missing file", "none", "not PostgreSQL"],
)
@pytest.mark.parametrize("target", ["backup", "restore"])
def test_make_backup_and_restore_say_what_is_wrong_with_the_database_url(
    tmp_path: Path, env: dict[str, str], message: str, target: str
) -> None:
    dump = tmp_path / "welltopia.dump"
    dump.write_bytes(b"")

    result = make(target, fresh_machine(tmp_path, **env), f"BACKUP={dump}", check=False)

    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == message


def test_make_restore_says_which_dump_it_needs(tmp_path: Path) -> None:
    env = fresh_machine(tmp_path, DATABASE_URL="postgres://welltopia_owner@127.0.0.1/welltopia")

    unnamed = make("restore", env, check=False)
    missing = make("restore", env, f"BACKUP={tmp_path / 'nothing.dump'}", check=False)

    assert unnamed.stderr.splitlines()[0] == (
        "error: Say which dump to restore: make restore BACKUP=var/backups/welltopia-….dump"
    )
    assert missing.stderr.splitlines()[0] == f"error: No backup file at {tmp_path / 'nothing.dump'}."
