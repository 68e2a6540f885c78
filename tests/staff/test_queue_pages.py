"""Every page of the queue holds the rows Django's own paging would give, in the same order, and a
deep page costs what the first does (intake/admin/pagination.py)."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.admin.pagination import KeysFirstPaginator
from intake.models import ConsultationRequest
from intake.roles import COORDINATORS
from tests.support.html import queue_rows
from tests.support.patients import request_fields
from tests.support.staff import login_verified, make_staff
from tests.support.urls import CHANGELIST

pytestmark = pytest.mark.django_db


@pytest.fixture
def many() -> list[ConsultationRequest]:
    now = timezone.now()
    return ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            **request_fields(
                # Pairs share a moment: the order's tie-break (newest key first) decides between them.
                created_at=now - datetime.timedelta(hours=number // 2),
                flag_opioid=number % 7 == 0,
                flag_liver=number % 5 == 0,
                status=ConsultationRequest.Status.NEW,
            )
        )
        for number in range(130)
    )


@pytest.mark.parametrize("ordering", [["created_at", "-pk"], ["-created_at", "-pk"], ["last_name", "-pk"]])
@pytest.mark.parametrize("per_page,orphans", [(50, 0), (50, 5), (7, 3)])
def test_each_page_has_the_rows_django_s_paginator_gives(many, ordering, per_page, orphans) -> None:
    queryset = ConsultationRequest.objects.with_risk().order_by(*ordering)
    ours, django = KeysFirstPaginator(queryset, per_page, orphans), Paginator(queryset, per_page, orphans)

    assert ours.num_pages == django.num_pages
    for number in ours.page_range:
        assert [row.pk for row in ours.page(number)] == [row.pk for row in django.page(number)]


def test_the_flagged_first_order_pages_the_same_way(many) -> None:
    queryset = ConsultationRequest.objects.with_risk().order_by("-risk", "created_at", "-pk")
    pages = KeysFirstPaginator(queryset, 20)
    seen = [row.pk for number in pages.page_range for row in pages.page(number)]
    assert seen == list(queryset.values_list("pk", flat=True))


def test_the_last_page_of_the_queue_costs_the_queries_of_the_first(many) -> None:
    client = login_verified(Client(), make_staff("casey", COORDINATORS))
    client.get(f"{CHANGELIST}?queue=all")  # warm (filters.states_used)

    def visit(page: int) -> tuple[int, list[dict[str, str]]]:
        with CaptureQueriesContext(connection) as queries:
            rows = queue_rows(client.get(f"{CHANGELIST}?queue=all&p={page}"))
        return len(queries), rows

    first_queries, first_rows = visit(1)
    last_queries, last_rows = visit(3)
    assert first_queries == last_queries
    assert len(first_rows) == 50 and len(last_rows) == 30
    oldest = ConsultationRequest.objects.order_by("created_at", "-pk").first()
    assert first_rows[0]["Reference"] == oldest.reference
