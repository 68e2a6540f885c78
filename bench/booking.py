"""Booking, measured: deriving open times, the status page that lists them, booking, the feed. Prints.

    .venv/bin/python bench/booking.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/python bench/booking.py

A throw-away test database with CLINICIANS clinicians (weekdays 8:00 to 18:00, 30 minutes and a
10-minute buffer, licensed in California), a quarter of their times booked, and an invitation
to book with any of them: the heaviest status page a patient sees. Median and 95th percentile
in milliseconds, and queries per request. Nothing is asserted: compare between changes.
"""

import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EMAIL_DELIVERY", "worker")  # emails wait in the outbox: only the site is timed

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from in_process import RUNS, measure  # noqa: E402  (sets Django up, production settings)

CLINICIANS = int(os.environ.get("BENCH_CLINICIANS", "5"))


def main() -> None:
    setup_test_environment()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from intake import slots, workflow
        from intake.roles import COORDINATORS
        from tests.support.booking import invited_request, make_clinician
        from tests.support.staff import make_staff

        coordinator = make_staff("casey", COORDINATORS)
        clinicians = [
            make_clinician(
                f"dr_{n}", name=f"Dr. {n}", states=("CA",), hours=(datetime.time(8), datetime.time(18))
            )
            for n in range(CLINICIANS)
        ]
        offered = slots.open_slots(clinicians, state="CA")
        for slot in offered[::4]:
            workflow.book(
                invited_request(slot.clinician, by=coordinator, state="CA"), start=slot.starts_at, zone=""
            )
        patient = invited_request(None, by=coordinator, state="CA")
        print(
            f"Database: {connection.vendor}; {CLINICIANS} clinicians, {len(offered)} slots, "
            f"{len(offered[::4])} booked"
        )
        measure(
            f"open_slots, {CLINICIANS} clinicians, 4 weeks", lambda: slots.open_slots(clinicians, state="CA")
        )
        client = Client()
        measure(
            "GET status page with the times (any clinician)", lambda: client.get(patient.get_status_url())
        )
        free = slots.for_invitation(workflow.open_invitation(patient))

        def book_and_cancel() -> None:
            workflow.book(patient, start=free[-1].starts_at, zone="America/Los_Angeles")
            workflow.cancel(patient)

        measure("book, then cancel (two transactions)", book_and_cancel, runs=RUNS // 4)
        feed = f"/consultation/calendar/{clinicians[0].feed_token}.ics"
        measure("GET a clinician's calendar feed", lambda: client.get(feed))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
