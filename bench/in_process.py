"""In-process timing for the benchmarks that call Django directly (no gunicorn, no network).

Importing this sets Django up with production settings (DEBUG off, the middleware stack as
served) for a throw-away test database, on SQLite or on the PostgreSQL server DATABASE_URL names.
`measure` prints (bench/staff_queue.py's `timed`) the median and 95th percentile in milliseconds and the queries per call.
Nothing is asserted: compare the numbers between changes.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "welltopia.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP unless told otherwise
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("EMAIL_HOST", "smtp.invalid")
os.environ.setdefault("STATICFILES_COLLECTED", "0")
os.environ.setdefault("CACHE_DIR", "")
os.environ.setdefault("SERVED_STATES", "CA,FL,NY,TX,WA")
os.environ["INTAKE_RATE_LIMIT"] = "1000000"

import django  # noqa: E402

django.setup()

from bench.staff_queue import timed  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "200"))


def measure(label: str, call: Callable[[], object], runs: int = RUNS) -> None:
    median, p95, query_count = timed(call, runs)
    print(
        f"{label:<48} median {median:7.2f} ms   p95 {p95:7.2f} ms   {query_count:3d} queries   ({runs} runs)"
    )
