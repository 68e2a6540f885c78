"""Load benchmark: N concurrent patients against gunicorn on PostgreSQL, for a bounded time.

    .venv/bin/python bench/load.py                      # 20 patients for 20 s (needs root: own cluster)
    .venv/bin/python bench/load.py --patients 50 --seconds 60 --gunicorn-workers 3 --email-workers 2
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/welltopia_bench

Each patient opens the form, sends a complete request and opens their status page, again and
again. The stack is production-like and the benchmark's own: gunicorn, the email worker(s)
(`manage.py send_emails`), an SMTP sink in this process, and a PostgreSQL cluster on port 5433
(created if missing, dropped again if it was) unless --database-url names a server.

It prints submits per second, p50/p95 latencies, the errors, and then checks that every
acknowledged request is stored exactly once, that nothing unacknowledged was stored, and that
every one of their emails reached the SMTP sink once. It exits 1 when a check fails. Only
loopback addresses are used; the loop stops by itself.
"""

import argparse
import collections
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.stack import (  # noqa: E402
    Browser,
    EmailWorker,
    PostgresCluster,
    Response,
    Site,
    SmtpSink,
    manage,
    site_environment,
    wait_for,
)
from tests.support.patients import valid_form_data  # noqa: E402

DATABASE = "welltopia_bench"


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.acknowledged: list[str] = []  # submission tokens answered with the status page
        self.errors: collections.Counter[str] = collections.Counter()

    def timed(self, step: str, call: Callable[..., Response], *args: object) -> Response | None:
        started = time.perf_counter()
        try:
            response = call(*args)
        except OSError as error:
            with self.lock:
                self.errors[f"{step}: {type(error).__name__}"] += 1
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latency[step].append(elapsed)
        return response


def patient(port: int, deadline: float, results: Results) -> None:
    while time.monotonic() < deadline:
        browser = Browser(port)
        form = results.timed("GET form", browser.request, "GET", "/consultation/")
        if form is None:
            continue
        if form.status != 200:
            with results.lock:
                results.errors[f"GET form: {form.status}"] += 1
            continue
        csrf = form.body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        data = valid_form_data()
        sent = results.timed("POST request", browser.send_request, data, csrf)
        if sent is None:
            continue
        if sent.status != 302 or "/consultation/status/" not in sent.headers.get("location", ""):
            with results.lock:
                results.errors[f"POST request: {sent.status}"] += 1
            continue
        with results.lock:
            results.acknowledged.append(data["submission_token"])
        status_path = urllib.parse.urlsplit(sent.headers["location"]).path
        status = results.timed("GET status", browser.request, "GET", status_path)
        if status is not None and status.status != 200:
            with results.lock:
                results.errors[f"GET status: {status.status}"] += 1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def query(database_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        return conn.execute(sql).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--email-workers", type=int, default=1)
    parser.add_argument("--database-url", help="an existing PostgreSQL server; the database is (re)created")
    args = parser.parse_args()

    cluster = None
    if args.database_url:
        server, _, name = args.database_url.rpartition("/")
        database_url = args.database_url
        query(f"{server}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        query(f"{server}/postgres", f'CREATE DATABASE "{name}"')
    else:
        cluster = PostgresCluster("faults", 5433)
        cluster.ensure_running()
        cluster.create_database(DATABASE)
        database_url = cluster.url(DATABASE)

    workdir = Path(tempfile.mkdtemp(prefix="welltopia-load-"))
    sink = SmtpSink().start()
    env = site_environment(database_url, sink, workdir, DATABASE_CONN_MAX_AGE="60")
    processes = []
    try:
        manage(env, "migrate", "--no-input")
        site = Site(env, workdir, workers=args.gunicorn_workers)
        processes.append(site)
        processes += [
            EmailWorker(env, workdir / f"worker-{number}.log") for number in range(args.email_workers)
        ]
        results = Results()
        print(
            f"{args.patients} patients for {args.seconds:.0f} s against gunicorn ×{args.gunicorn_workers}, "
            f"{args.email_workers} email worker(s), PostgreSQL ({'own cluster' if cluster else database_url})"
        )
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=patient, args=(site.port, deadline, results))
            for _ in range(args.patients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        submits = len(results.acknowledged)
        print(f"\nacknowledged requests: {submits} in {elapsed:.1f} s = {submits / elapsed:.1f} submits/s")
        for step in ["GET form", "POST request", "GET status"]:
            values = results.latency[step]
            if values:
                print(
                    f"  {step:<13} n={len(values):<6} p50 {statistics.median(values):7.1f} ms"
                    f"   p95 {percentile(values, 0.95):7.1f} ms"
                )
        print(f"errors: {sum(results.errors.values())} {dict(results.errors) or ''}")

        expected_emails = 2 * submits
        email_wait = time.monotonic()
        wait_for(
            lambda: (
                query(database_url, "SELECT count(*) FROM intake_outgoingemail WHERE status = 'sent'")[0][0]
                >= expected_emails
            ),
            timeout=300,
            every=0.5,
            what="every email to be sent",
        )
        print(
            f"all {expected_emails} emails sent {time.monotonic() - email_wait:.1f} s after the load stopped"
        )

        stored = collections.Counter(
            str(token)
            for (token,) in query(database_url, "SELECT submission_token FROM intake_consultationrequest")
        )
        emails = query(database_url, "SELECT uuid::text, status FROM intake_outgoingemail")
        received = collections.Counter(sink.message_ids())
        wanted = {f"<{uuid}@welltopia.example>" for uuid, _status in emails}
        checks = {
            "every acknowledged request stored exactly once": all(
                stored[token] == 1 for token in results.acknowledged
            ),
            "nothing stored that was not acknowledged": set(stored) == set(results.acknowledged),
            "two emails per request, all sent": len(emails) == expected_emails
            and all(status == "sent" for _uuid, status in emails),
            "every email reached the SMTP sink once": set(received) == wanted
            and all(count == 1 for count in received.values()),
        }
        for name, passed in checks.items():
            print(f"  [{'ok' if passed else 'FAILED'}] {name}")
        return 0 if all(checks.values()) else 1
    finally:
        for process in reversed(processes):
            process.stop()
        sink.stop()
        if cluster is not None:
            cluster.drop_database(DATABASE)
            cluster.drop_if_created()


if __name__ == "__main__":
    sys.exit(main())
