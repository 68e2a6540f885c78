"""Where a page's time goes: cProfile over many requests to one URL, in-process. Prints the top.

    .venv/bin/python bench/hotspots.py /consultation/            # GET, 200 times
    .venv/bin/python bench/hotspots.py /learn/what-is-ldn/ --runs 500 --sort tottime
    .venv/bin/python bench/hotspots.py /consultation/ --post valid   # a valid submission, 3 medicines

Production settings (DEBUG off, the middleware stack as served) on a throw-away SQLite
database, or the PostgreSQL server DATABASE_URL names (a test database is made on it).
"""

import argparse
import cProfile
import itertools
import os
import pstats
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HTTPS", "1")  # profiled as served: behind the proxy, over HTTPS

import in_process  # noqa: F401  (sets Django up, production settings)
from django.db import connection
from django.test import Client

from tests.support.patients import medicine_rows, valid_form_data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--post", choices=["valid", "errors"])
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--callers", help="also print who calls functions matching this")
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from education.seeding import seed_pages

        seed_pages()
        client = Client(headers={"x-forwarded-proto": "https"}, secure=True)

        addresses = itertools.count()

        def request() -> None:
            if args.post is None:
                response = client.get(args.path)
                assert response.status_code == 200, response.status_code
                return
            data = valid_form_data(submission_token=str(uuid.uuid4()))
            data.update(medicine_rows(*[(f"Medicine {i}", "10 mg", "daily") for i in range(3)]))
            if args.post == "errors":
                data["last_name"] = ""
            # As a browser sends a form: urlencoded, from an address of its own (the rate limit).
            response = client.post(
                args.path,
                urllib.parse.urlencode(data, doseq=True),
                content_type="application/x-www-form-urlencoded",
                REMOTE_ADDR=f"192.0.2.{next(addresses) % 250 + 1}",
            )
            assert response.status_code == (302 if args.post == "valid" else 200), response.status_code

        request()
        started = time.perf_counter()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            request()
        profile.disable()
        elapsed = time.perf_counter() - started
        print(f"{args.runs} requests, {elapsed / args.runs * 1000:.2f} ms each (profiled)")
        stats = pstats.Stats(profile).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callers:
            stats.print_callers(args.callers)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
