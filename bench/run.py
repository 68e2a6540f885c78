"""Benchmarks: how long the pages people use most take, measured in-process. Prints its numbers.

    make bench            (SQLite scratch database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench

It builds a throw-away test database, fills it, and times each page with Django's test client
over many runs (median and 95th percentile, milliseconds, plus queries per request). Nothing
here asserts a time: compare the numbers between changes.
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welltopia.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ["HTTPS"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("EMAIL_HOST", "smtp.invalid")
os.environ.setdefault("STATICFILES_COLLECTED", "0")
os.environ.setdefault("CACHE_DIR", "")
os.environ.setdefault("SERVED_STATES", "CA,FL,NY,TX,WA")
os.environ["INTAKE_RATE_LIMIT"] = "1000000"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.support.patients import medicine_rows, valid_form_data  # noqa: E402
from tests.support.staff import login_verified  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def measure(label: str, request, runs: int = RUNS) -> None:
    request()  # warm up (caches, template loading)
    timings = []
    with CaptureQueriesContext(connection) as queries:
        request()
    query_count = len(queries.captured_queries)  # read now: later requests reset the query log
    for _ in range(runs):
        start = time.perf_counter()
        request()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:<48} median {statistics.median(timings):7.2f} ms   p95 {p95:7.2f} ms   "
        f"{query_count:3d} queries   ({runs} runs)"
    )


def submit(client: Client, rows: int):
    def post() -> None:
        data = valid_form_data(submission_token=str(uuid.uuid4()))
        data.update(medicine_rows(*[(f"Medicine {i}", "10 mg", "daily") for i in range(rows)]))
        response = client.post("/consultation/", data)
        assert response.status_code == 302, response.status_code

    return post


def main() -> None:
    setup_test_environment()
    # As Django's test runner does: keep one connection, so queries can be counted across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from education.seeding import seed_pages

        seed_pages()
        client = Client()
        print(
            f"Database: {connection.vendor}; Python {sys.version.split()[0]}; Django {django.get_version()}"
        )
        measure("GET / (home)", lambda: client.get("/"))
        measure("GET /learn/what-is-ldn/ (warm cache)", lambda: client.get("/learn/what-is-ldn/"))
        measure("GET /consultation/ (empty form)", lambda: client.get("/consultation/"))
        measure("POST /consultation/ (1 medicine row)", submit(client, 1), runs=RUNS // 4)
        measure("POST /consultation/ (10 medicine rows)", submit(client, 10), runs=RUNS // 4)
        admin = User.objects.create_superuser("bench", "bench@example.com", "bench-password-123")
        staff = login_verified(Client(), admin)
        total = 0
        for target in (50, 500):
            while total < target:
                submit(client, 1)()
                total += 1
            measure(
                f"GET admin queue, all, {total} requests in db",
                lambda: staff.get("/admin/intake/consultationrequest/?queue=all"),
                runs=RUNS // 4,
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
