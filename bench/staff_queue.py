"""The staff queue with 50,000 requests in the table, timed in-process (Django's test client).

Fills the benchmark's database with requests as they accumulate over two years (every status,
a few flagged, two medicine rows each), signs a coordinator in (password + verified device, as
tests/support/staff.py does) and times each queue view: p50, p95 and queries per request.
It only measures and prints; nothing is asserted.
"""

import datetime
import random
import statistics
import time
import uuid
from collections.abc import Callable

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest, RequestMedicine, StatusChange, new_reference
from intake.roles import COORDINATORS
from tests.support.staff import login_verified

QUEUE = "/admin/intake/consultationrequest/"
FIRST_NAMES = ["Marta", "Imani", "Tomasz", "Aiyana", "Ravi", "Lucia", "Kwame", "Mei", "Oskar", "Nadia"] * 5
LAST_NAMES = [f"{stem}{suffix}" for stem in ("Quill", "Okon", "Varga", "Lind", "Moreau") for suffix in (
    "feather", "jo", "sson", "ström", "berg", "ley", "wood", "field", "ford", "mont",
    "hart", "well", "brook", "stone", "dale", "croft", "mere", "holm", "by", "ton",
)]  # fmt: skip
STATES = ["CA", "FL", "NY", "TX", "WA"]
STATUSES = [
    *[ConsultationRequest.Status.COMPLETED] * 40,
    *[ConsultationRequest.Status.DECLINED] * 10,
    *[ConsultationRequest.Status.WITHDRAWN] * 10,
    *[ConsultationRequest.Status.SCHEDULED] * 10,
    *[ConsultationRequest.Status.IN_REVIEW] * 15,
    *[ConsultationRequest.Status.NEW] * 15,
]
BATCH = 2000


def fill(total: int, *, seed: int = 12) -> int:
    """Add requests until the table holds `total`; returns how many were added."""
    have = ConsultationRequest.objects.count()
    chance = random.Random(seed)  # nosec B311 - made-up rows, not secrets
    now = timezone.now()
    added = 0
    while have + added < total:
        size = min(BATCH, total - have - added)
        references = _fresh_references(size)
        requests = []
        for number, reference in enumerate(references):
            created = now - datetime.timedelta(minutes=chance.uniform(10, 2 * 365 * 24 * 60))
            flagged = chance.random() < 0.06
            requests.append(
                ConsultationRequest(
                    submission_token=uuid.uuid4(),
                    reference=reference,
                    first_name=chance.choice(FIRST_NAMES),
                    last_name=chance.choice(LAST_NAMES),
                    email=f"patient{have + added + number}@example.com",
                    phone="+12015550123",
                    state=chance.choice(STATES),
                    contact_method=ConsultationRequest.ContactMethod.EMAIL,
                    contact_time=ConsultationRequest.ContactTime.MORNING,
                    rheumatologist_confirmed=ConsultationRequest.Confirmed.YES,
                    status=chance.choice(STATUSES),
                    flag_opioid=flagged and chance.random() < 0.7,
                    flag_liver=flagged and chance.random() < 0.3,
                    created_at=created,
                )
            )
        stored = ConsultationRequest.objects.bulk_create(requests)
        StatusChange.objects.bulk_create(
            StatusChange(
                request=request, to_status=ConsultationRequest.Status.NEW, changed_at=request.created_at
            )
            for request in stored
        )
        RequestMedicine.objects.bulk_create(
            RequestMedicine(request=request, name=name, dose=dose, frequency="daily", position=position)
            for request in stored
            for position, (name, dose) in enumerate([("Methotrexate", "15 mg"), ("Folic acid", "1 mg")])
        )
        added += size
    if connection.vendor == "postgresql":
        # As a table in service is (autovacuum vacuums and analyzes it): the planner's row counts
        # and value frequencies, without which it plans the queue's queries for an empty table,
        # and the visibility map that lets it count from an index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return added


def _fresh_references(count: int) -> list[str]:
    """`count` references no request has yet (at 50,000 a repeat among 25^8 happens about 1 run in 100)."""
    references: set[str] = set()
    while len(references) < count:
        wanted = {new_reference() for _ in range(count - len(references))} - references
        taken = set(
            ConsultationRequest.objects.filter(reference__in=wanted).values_list("reference", flat=True)
        )
        references |= wanted - taken
    return sorted(references)


def coordinator() -> Client:
    user, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return login_verified(Client(headers={"x-forwarded-proto": "https"}, secure=True), user)


def timed(request: Callable[[], object], runs: int) -> tuple[float, float, int]:
    request()  # warm up
    with CaptureQueriesContext(connection) as queries:
        request()
    count = len(queries.captured_queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], count


def views() -> list[tuple[str, str]]:
    """What a coordinator opens, as (label, path)."""
    total = ConsultationRequest.objects.count()
    name = ConsultationRequest.objects.order_by("pk").values_list("last_name", flat=True).first()
    one = ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW).order_by("-pk").first()
    last_page = max(1, -(-total // 50))
    return [
        ("default queue (needs work)", QUEUE),
        ("all requests", f"{QUEUE}?queue=all"),
        (f"name search (q={name})", f"{QUEUE}?q={name}"),
        ("flag filter (opioid)", f"{QUEUE}?flag=opioid"),
        (f"last page of all (p={last_page})", f"{QUEUE}?queue=all&p={last_page}"),
        ("a request's page", f"{QUEUE}{one.pk}/change/"),
    ]


def measure(runs: int = 30) -> list[tuple[str, float, float, int, int]]:
    """(label, p50 ms, p95 ms, queries, status) for each view, with the table as it is."""
    client = coordinator()
    rows = []
    for label, path in views():
        status = client.get(path).status_code
        p50, p95, queries = timed(lambda path=path: client.get(path), runs)
        rows.append((label, p50, p95, queries, status))
    return rows
