#!/usr/bin/env python3
"""Full backups of the site's PostgreSQL database, and restoring one: `make backup`, `make restore BACKUP=…`.

Needs only Python 3 and the PostgreSQL client programs (pg_dump, pg_restore, psql), not the
site's virtualenv, so it works on a fresh machine. The database is the one DATABASE_URL (or
the file DATABASE_URL_FILE) names, with the same rule as the site's settings; the password
goes to the programs in PGPASSWORD, never on a command line other users can read.

    backup   pg_dump --format=custom into BACKUP_DIR (default var/backups) as
             welltopia-<UTC time>.dump (mode 0600), checked readable with pg_restore --list;
             then dumps older than BACKUP_KEEP_DAYS (default 14; 0 keeps every one) are deleted.
             Connect as the owner role: it reads every table.
    restore  pg_restore of one dump into an empty database, in one transaction (all or nothing),
             with its owners and grants (the three roles must exist: README, Database roles).
             RESTORE_PRIVILEGES=0 restores without them, for roles of other names; then run
             `manage.py database_roles --apply`. A database that already has tables is refused.
"""

import datetime
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


class Refused(Exception):
    """Something the operator must fix; the message says what."""


def database_url() -> str:
    """DATABASE_URL, or the contents of DATABASE_URL_FILE (one way only), as the settings read it."""
    path = os.environ.get("DATABASE_URL_FILE", "").strip()
    value = os.environ.get("DATABASE_URL", "").strip()
    if path:
        if value:
            raise Refused("DATABASE_URL and DATABASE_URL_FILE are both set; give the secret one way only.")
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise Refused(
                f"DATABASE_URL_FILE names a file that cannot be read: {path} ({error.strerror})."
            ) from None
    if not value:
        raise Refused("DATABASE_URL (or DATABASE_URL_FILE) is required: the PostgreSQL database to use.")
    if urllib.parse.urlsplit(value).scheme not in ("postgres", "postgresql"):
        raise Refused("DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/name).")
    return value


def connection(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its password (for the command line), and the environment carrying it."""
    parts = urllib.parse.urlsplit(url)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if parts.password is not None:
        env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
        parts = parts._replace(netloc=f"{user}@{host}")
    return urllib.parse.urlunsplit(parts), env


def program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Refused(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise Refused(f"{Path(args[0]).name} failed:\n{result.stderr.strip()}")
    return result.stdout


def backup() -> Path:
    target, env = connection(database_url())
    directory = Path(os.environ.get("BACKUP_DIR") or PROJECT / "var" / "backups")
    keep_days = int(os.environ.get("BACKUP_KEEP_DAYS") or "14")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = directory / f"welltopia-{stamp}.dump"
    partial = final.with_suffix(".dump.partial")
    os.umask(0o077)
    try:
        run([program("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={target}"], env)
        run([program("pg_restore"), "--list", str(partial)], env)  # a dump that reads back
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(final)
    if keep_days > 0:
        cutoff = time.time() - keep_days * 86400
        for old in directory.glob("welltopia-*.dump"):
            if old != final and old.stat().st_mtime < cutoff:
                old.unlink()
    return final


def restore(dump: str) -> str:
    if not dump:
        raise Refused("Say which dump to restore: make restore BACKUP=var/backups/welltopia-….dump")
    if not Path(dump).is_file():
        raise Refused(f"No backup file at {dump}.")
    target, env = connection(database_url())
    psql = [program("psql"), "--no-psqlrc", "--tuples-only", "--no-align", f"--dbname={target}"]
    existing, defaults = (
        run(
            [
                *psql,
                "--command",
                "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'), "
                "(SELECT count(*) FROM pg_default_acl)",
            ],
            env,
        )
        .strip()
        .split("|")
    )
    database = urllib.parse.urlsplit(target).path.lstrip("/")
    if existing != "0":
        raise Refused(
            f"The database {database} already has {existing} tables; nothing was restored. Restore into "
            "a new, empty database (README, Restoring) and then point DATABASE_URL at it."
        )
    if defaults != "0":
        # They would add to the grants of every restored table; the dump brings its own.
        raise Refused(
            f"The database {database} has default privileges, which would widen the grants of every "
            "restored table; nothing was restored. Make the database with `manage.py database_roles "
            "--cluster` (README, Restoring), without `--apply`."
        )
    options = ["--exit-on-error", "--single-transaction"]
    if os.environ.get("RESTORE_PRIVILEGES", "1").strip() == "0":
        options += ["--no-owner", "--no-privileges"]
    run([program("pg_restore"), *options, f"--dbname={target}", dump], env)
    run([*psql, "--command", "ANALYZE"], env)  # pg_restore brings no planner statistics
    return database


def main(argv: list[str]) -> int:
    try:
        if argv[1:2] == ["backup"]:
            print(f"Backup written: {backup()}")
        elif argv[1:2] == ["restore"]:
            database = restore(argv[2] if len(argv) > 2 else "")
            print(f"Restored {argv[2]} into {database}.")
            if os.environ.get("RESTORE_PRIVILEGES", "1").strip() == "0":
                print("Now apply the grants: manage.py database_roles --apply (as the owner role).")
        else:
            print("usage: pg_backup.py backup | restore <file.dump>", file=sys.stderr)
            return 2
    except Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
