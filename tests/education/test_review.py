"""Each page's next review is due a year after its last; content editors list the pages due."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.test import Client

from education import review
from education.models import Page
from tests.education.factories import make_page
from tests.support.html import read
from tests.support.staff import login_verified

CHANGELIST = "/admin/education/page/"


@pytest.mark.parametrize(
    ("last_reviewed", "due"),
    [
        (datetime.date(2026, 12, 1), datetime.date(2027, 12, 1)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 12, 31)),
        (datetime.date(2028, 2, 29), datetime.date(2029, 3, 1)),
        (datetime.date(2027, 2, 28), datetime.date(2028, 2, 28)),
    ],
)
def test_the_next_review_is_due_a_year_later(last_reviewed: datetime.date, due: datetime.date) -> None:
    assert review.next_review_due(last_reviewed) == due


@pytest.mark.django_db
def test_the_due_filter_agrees_with_the_due_date_on_every_day_around_leap_years() -> None:
    """Guards the query: it must pick exactly the pages whose due date is today or earlier."""
    start = datetime.date(2027, 2, 1)
    days = [start + datetime.timedelta(days=n) for n in range(800)]
    for index, day in enumerate(days[::3]):
        make_page(f"page-{index}", index, last_reviewed=day)
    pages = list(Page.objects.all())

    for today in [datetime.date(2028, 2, 27) + datetime.timedelta(days=n) for n in range(5)] + [
        datetime.date(2029, 2, 27) + datetime.timedelta(days=n) for n in range(4)
    ]:
        due = {page.slug for page in Page.objects.due_for_review(today)}
        not_due = {page.slug for page in Page.objects.not_due_for_review(today)}

        assert due == {page.slug for page in pages if page.next_review_due <= today}, today
        assert not_due == {page.slug for page in pages} - due


@pytest.mark.django_db
def test_today_is_the_clinics_date_not_utcs(settings) -> None:
    settings.CLINIC_TIME_ZONE = "America/New_York"
    make_page("reviewed", 1, last_reviewed=datetime.date(2025, 11, 27))

    # 02:30 UTC on 27 November is still 26 November at the clinic: not due until the clinic's 27th.
    with time_machine.travel("2026-11-27T02:30:00Z", tick=False):
        assert not Page.objects.due_for_review().exists()
    with time_machine.travel("2026-11-27T05:30:00Z", tick=False):
        assert Page.objects.due_for_review().exists()


@pytest.mark.django_db
def test_a_page_says_when_it_was_reviewed_and_when_it_is_next_due(client: Client) -> None:
    make_page("reviewed", 1, last_reviewed=datetime.date(2026, 3, 14), reviewer="Dr. Ada Reviewer")

    page = read(client.get("/learn/reviewed/"))

    assert (
        "Page last reviewed March 14, 2026 by Dr. Ada Reviewer. Next review due March 14, 2027."
        in page.main_text
    )


@pytest.fixture
def editor(django_user_model: type[User]) -> User:
    user = django_user_model.objects.create_user(username="editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="education"))
    return user


@pytest.mark.django_db
@time_machine.travel("2027-01-15T15:00:00Z", tick=False)
def test_a_content_editor_lists_the_pages_due_for_review(client: Client, editor: User) -> None:
    make_page("overdue", 1, title="Overdue page", last_reviewed=datetime.date(2025, 12, 1))
    make_page("due-today", 2, title="Due today", last_reviewed=datetime.date(2026, 1, 15))
    make_page("fresh", 3, title="Fresh page", last_reviewed=datetime.date(2026, 1, 16))
    login_verified(client, editor)

    response = client.get(CHANGELIST, {"review": "due"})

    assert response.status_code == 200
    assert [page.slug for page in response.context["cl"].result_list] == ["overdue", "due-today"]
    content = response.content.decode()
    assert "<strong>December 1, 2026 (due now)</strong>" in content
    assert "<strong>January 15, 2027 (due now)</strong>" in content
    assert "Fresh page" not in content

    not_due = client.get(CHANGELIST, {"review": "not-due"})

    assert [page.slug for page in not_due.context["cl"].result_list] == ["fresh"]
    assert "January 16, 2027" in not_due.content.decode()


@pytest.mark.django_db
def test_the_change_form_shows_the_next_review_date(admin_client: Client) -> None:
    page = make_page("reviewed", 1, last_reviewed=datetime.date(2026, 3, 14))

    response = admin_client.get(f"/admin/education/page/{page.pk}/change/")

    assert "Next review due" in response.content.decode()
    assert "March 14, 2027" in response.content.decode()
