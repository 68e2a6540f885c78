"""`make bench`: how fast and how light the site is, against bare Django, in one run. Prints its numbers.

    make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/my_bench make bench
    BENCH_QUEUE_ROWS=5000 make bench      # a smaller staff queue, for a quick look

It starts what it needs: PostgreSQL (Debian's cluster, if it is not running), wrk (Debian's
package, if missing), a database of its own (created, migrated, seeded, dropped at the end),
and gunicorn with two sync workers, production settings behind the proxy (DEBUG off, HTTPS via
X-Forwarded-Proto, collected static files, the file cache). Then, in one run:

1. the anchor: the smallest Django app (bench/bare_django.py) under `wrk -t2 -c32 -d10s`, before;
2. each page the same way: warm education pages (all of them, in turn), /learn/, /, the empty
   form, /healthz: requests per second, p99, and the ratio to the anchor;
3. complete submissions (POST, valid, three medicine rows, each with its own one-time token:
   every answer must be the 302 to the status page) and the form re-shown with errors;
4. the anchor again, after (the ratios use the mean of the two); and, unless BENCH_INTERLEAVE=0,
   right before each page too, for a second ratio to its neighbour (the load moves within minutes);
5. bytes on the wire per public page (HTML + CSS + JS, compressed as a browser asks);
6. in-process: queries per submission with 1, 3 and 10 medicine rows, and the staff queue with
   50,000 requests in the table (bench/staff_queue.py): p50, p95 and queries per view.

Nothing is asserted about time: these machines are shared and noisy, so the machine's load is
printed with the numbers. Compare ratios, not absolute figures, between runs.
"""

import contextlib
import datetime
import os
import platform
import subprocess  # nosec B404 - pg_isready / pg_ctlcluster, fixed arguments
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench import page_bytes, served  # noqa: E402

SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
# One database per checkout, so engineers sharing a server do not run into each other.
DEFAULT_NAME = "welltopia_bench_" + "".join(c if c.isalnum() else "_" for c in ROOT.name.lower())
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"{SERVER}/{DEFAULT_NAME}")
QUEUE_ROWS = int(os.environ.get("BENCH_QUEUE_ROWS", "50000"))
# Bare Django again right before each page (BENCH_INTERLEAVE=0: only before and after, ~1 min less).
INTERLEAVE = os.environ.get("BENCH_INTERLEAVE", "1") != "0"
MEDICINES = [("Methotrexate", "15 mg", "once a week"), ("ibuprofen", "400 mg", "as needed"), ("Folic acid", "1 mg", "daily")]  # fmt: skip


def ensure_postgres() -> None:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:  # noqa: S607  # nosec
        return
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        sys.exit("PostgreSQL is not running on 127.0.0.1:5432 and no Debian cluster was found to start.")
    print(f"Starting PostgreSQL {versions[-1].name} ...", flush=True)
    start = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main", "start"]
    subprocess.run(start, check=True)  # noqa: S603  # nosec B603 - Debian's own tool
    for _ in range(30):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:  # noqa: S607  # nosec
            return
        time.sleep(1)
    sys.exit("PostgreSQL did not start.")


def _admin_sql(sql: str) -> None:
    server, _, _name = DATABASE_URL.rpartition("/")
    with psycopg.connect(
        f"{server}/postgres".replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(sql)


def _database_name() -> str:
    return urllib.parse.urlsplit(DATABASE_URL).path.lstrip("/")


def site_environment(cache_dir: str) -> dict[str, str]:
    """Production settings, behind the proxy, on the benchmark's database."""
    keep = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "welltopia.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "HTTPS": "1",
        "BEHIND_PROXY": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_HOST": "smtp.invalid",  # the outbox only: no worker runs, nothing is sent
        "EMAIL_DELIVERY": "worker",
        "DATABASE_URL": DATABASE_URL,
        "DATABASE_CONN_MAX_AGE": "60",
        "STATICFILES_COLLECTED": "1",
        "CACHE_DIR": cache_dir,
        "REDIS_URL": "",
        "INTAKE_RATE_LIMIT": "1000000000",
        "LOG_LEVEL": "WARNING",
    }


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return f"{os.cpu_count()} cores {model}".strip()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


# The goals, as ratios to bare Django (printed beside each row; nothing is asserted).
GOALS = {
    "education pages": 0.6,
    "/learn/": 0.6,
    "/ (home)": 0.6,
    "/consultation/ (the empty form)": 0.3,
    "POST /consultation/ (valid, 3 medicines)": 0.02,
}


def print_table(rows: list[tuple[str, "served.Load", "served.Load | None"]], anchor: float) -> None:
    print(
        f"\n{'page':<44} {'req/s':>7} {'ratio':>7} {'next to':>8} {'goal':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6}"
    )
    for label, load, neighbour in rows:
        ratio = load.per_second / anchor if anchor else 0
        near = f"{load.per_second / neighbour.per_second:7.2f}×" if neighbour and neighbour.per_second else ""
        goal = next((value for name, value in GOALS.items() if label.startswith(name)), None)
        goal_text = f"≥{goal:.2f}" if goal else ""
        print(
            f"{label:<44} {load.per_second:7.0f} {ratio:6.2f}× {near:>8} {goal_text:>6} {load.p50_ms:7.1f} "
            f"{load.p99_ms:7.1f} {load.errors:6d}"
        )


def main() -> int:
    started = time.monotonic()
    wrk_path = served.ensure_wrk()
    ensure_postgres()
    name = _database_name()
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(f'CREATE DATABASE "{name}"')
    cache_dir = tempfile.mkdtemp(prefix="welltopia-bench-cache-")
    env = site_environment(cache_dir)
    os.environ.update(env)
    try:
        return _run(wrk_path, env, started)
    finally:
        from django.db import connections

        connections.close_all()
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", cache_dir], check=False)  # noqa: S603, S607  # nosec


def _run(wrk_path: str, env: dict[str, str], started: float) -> int:
    import django

    django.setup()
    import logging

    logging.getLogger("welltopia.audit").setLevel(logging.WARNING)  # the bench's own sign-in
    from django.core.management import call_command
    from django.db import connection

    from education.seeding import load_sources, seed_pages

    print(
        f"Welltopia benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; "
        f"{machine()}; {load_average()} at the start"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {connection.cursor().connection.info.server_version // 10000}; gunicorn sync ×2; "
        f"wrk {' '.join(served.WRK_ARGS)}"
    )
    call_command("migrate", verbosity=0)
    seed_pages()
    call_command("collectstatic", verbosity=0, interactive=False)

    education_paths = [f"/learn/{source.slug}/" for source in load_sources()]
    headers_for = lambda port: {  # noqa: E731
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "Accept-Encoding": page_bytes.BROWSER_ENCODINGS,
    }

    rows: list[tuple[str, served.Load, served.Load | None]] = []
    anchors: list[served.Load] = []
    with (
        served.Served("bench.bare_django:application", env) as bare,
        served.Served("welltopia.wsgi:application", env) as site,
    ):
        bare_headers, headers = headers_for(bare.port), headers_for(site.port)

        def anchor() -> served.Load:
            load = served.wrk(wrk_path, bare.url, ["/"], headers=bare_headers)
            anchors.append(load)
            return load

        def measure(label: str, run: Callable[[], served.Load]) -> served.Load:
            # With INTERLEAVE, bare Django runs again right before each page: on a shared machine
            # the load changes within a minute, and this neighbour is the fairest comparison.
            neighbour = anchor() if INTERLEAVE else None
            load = run()
            rows.append((label, load, neighbour))
            return load

        rows.append(("bare Django (before)", anchor(), None))
        for path in [*education_paths, "/learn/", "/", "/consultation/", "/healthz"]:
            assert page_bytes.fetch(site.port, path, headers).status == 200, path  # warm, and it answers
        pages = [
            (f"education pages, warm ({len(education_paths)} in turn)", education_paths),
            ("/learn/", ["/learn/"]),
            ("/ (home)", ["/"]),
            ("/consultation/ (the empty form)", ["/consultation/"]),
            ("/healthz", ["/healthz"]),
        ]
        for label, paths in pages:
            measure(label, lambda paths=paths: served.wrk(wrk_path, site.url, paths, headers=headers))

        before_submits = _stored()
        post_headers, body = _submission(site.port, headers)
        run_id = uuid.uuid4().hex[:8]
        submits = measure(
            "POST /consultation/ (valid, 3 medicines)",
            lambda: served.wrk(
                wrk_path, site.url, ["/consultation/"], headers=post_headers, method="POST", body=body,
                expect=302, run_id=run_id,
            ),
        )  # fmt: skip
        stored = _stored() - before_submits
        bad_headers, bad_body = _submission(site.port, headers, last_name="")
        measure(
            "POST /consultation/ (re-shown with errors)",
            lambda: served.wrk(
                wrk_path, site.url, ["/consultation/"], headers=bad_headers, method="POST", body=bad_body,
                expect=200, run_id=run_id,
            ),
        )  # fmt: skip
        rows.append(("bare Django (after)", anchor(), None))
        weights = [
            page_bytes.measure(site.port, path, headers)
            for path in ["/", "/learn/", *education_paths, "/learn/glossary/", "/privacy/", "/consultation/"]
        ]
    first, last = rows[0][1], rows[-1][1]
    mean = (first.per_second + last.per_second) / 2

    print(
        f"\nThroughput ({load_average()} after the HTTP runs). ratio: to bare Django's mean before and "
        f"after, {mean:.0f} req/s"
        + ("; next to: to bare Django run just before the page" if INTERLEAVE else "")
    )
    print_table(rows, mean)
    print(
        f"\nSubmissions: {submits.requests} answered in {submits.seconds:.1f} s = {submits.per_second:.1f}/s, "
        f"{submits.errors} errors; {stored} requests stored"
        f"{'' if stored >= submits.requests - submits.errors else ' (FEWER THAN ANSWERED)'}"
    )
    _print_bytes(weights)
    _print_submit_queries()
    _print_queue()
    print(f"\n({time.monotonic() - started:.0f} s in all; {load_average()} at the end)")
    return 0


def _stored() -> int:
    from intake.models import ConsultationRequest

    return ConsultationRequest.objects.count()


def _submission(port: int, headers: dict[str, str], **overrides: str) -> tuple[dict[str, str], str]:
    """Headers (CSRF cookie, origin) and a urlencoded valid body whose token wrk fills in."""
    from tests.support.patients import valid_form_data, with_medicines

    cookie, token = _form_with_cookie(port, headers)
    blank = "__TOKEN__"  # wrk puts a fresh one-time token here in every request
    data = with_medicines(valid_form_data(submission_token=blank, **overrides), *MEDICINES)
    data["csrfmiddlewaretoken"] = token
    body = urllib.parse.urlencode(data, doseq=True)
    post_headers = {
        **headers,
        "Cookie": cookie,
        "Origin": f"https://127.0.0.1:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return post_headers, body


def _form_with_cookie(port: int, headers: dict[str, str]) -> tuple[str, str]:
    """The CSRF cookie and the form's token, from one response (a token belongs with its cookie)."""
    connection = page_bytes.http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET", "/consultation/", headers={k: v for k, v in headers.items() if k != "Accept-Encoding"}
        )
        response = connection.getresponse()
        html = response.read().decode()
        cookies = [
            value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"
        ]
    finally:
        connection.close()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    return "; ".join(cookies), token


def _print_bytes(weights: list["page_bytes.PageBytes"]) -> None:
    print("\nBytes on the wire, first visit (headers + compressed bodies; goal ≤ 40 KB, the form ≤ 60 KB)")
    print(f"{'page':<44} {'HTML':>8} {'enc':>5} {'CSS':>8} {'JS':>8} {'total':>8}")
    for weight in weights:
        print(
            f"{weight.path:<44} {weight.html.wire / 1000:7.1f}K {weight.html.encoding or '-':>5} "
            f"{weight.css / 1000:7.1f}K {weight.js / 1000:7.1f}K {weight.total / 1000:7.1f}K"
        )


def _print_submit_queries() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.support.patients import valid_form_data, with_medicines

    client = Client(headers={"x-forwarded-proto": "https"}, secure=True)
    counts = []
    for rows in (1, 3, 10):
        data = with_medicines(valid_form_data(), *[MEDICINES[i % 3] for i in range(rows)])
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/consultation/", data)
        assert response.status_code == 302, response.status_code
        counts.append(f"{rows} row{'s' if rows > 1 else ''}: {len(queries.captured_queries)}")
    print(f"\nQueries per valid submission (in-process): {', '.join(counts)}")


def _print_queue() -> None:
    from bench import staff_queue

    began = time.monotonic()
    added = staff_queue.fill(QUEUE_ROWS)
    print(
        f"\nStaff queue, in-process, {QUEUE_ROWS:,} requests in the table "
        f"({added:,} added in {time.monotonic() - began:.0f} s); goal p95 < 150 ms, queries constant"
    )
    print(f"{'view':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'status':>7}")
    for label, p50, p95, queries, status in staff_queue.measure():
        print(f"{label:<44} {p50:8.1f} {p95:8.1f} {queries:8d} {status:7d}")


if __name__ == "__main__":
    sys.exit(main())
