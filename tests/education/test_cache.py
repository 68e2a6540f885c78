"""education.cache: published pages served from the cache, refreshed whenever pages change."""

import datetime
import io

import pytest
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.test import Client
from django.utils.safestring import SafeString
from pytest_django import DjangoAssertNumQueries

from education import cache
from education.models import Page
from tests.education.factories import make_page
from tests.support.html import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_pages() -> list[Page]:
    return [make_page("first", 1), make_page("second", 2), make_page("third", 3)]


def test_get_page_gives_everything_the_template_shows(three_pages: list[Page]) -> None:
    three_pages[1].references.create(title="A study", url="https://example.org/study", position=0)

    data = cache.get_page("second")

    assert data == {
        "title": "Page second",
        "slug": "second",
        "url": "/learn/second/",
        "summary": "What second is about.",
        "body_html": '<h2 id="about-second">About second</h2>\n<p>Some words.</p>',
        "terms": [],
        "questions": [],
        "last_reviewed": datetime.date(2026, 11, 1),
        "next_review_due": datetime.date(2027, 11, 1),
        "reviewer": "Dr. Ada Reviewer",
        "updated_at": three_pages[1].updated_at,
        "references": [{"title": "A study", "url": "https://example.org/study"}],
        "previous": {
            "title": "Page first",
            "url": "/learn/first/",
            "summary": "What first is about.",
            "slug": "first",
        },
        "next": {
            "title": "Page third",
            "url": "/learn/third/",
            "summary": "What third is about.",
            "slug": "third",
        },
    }


def test_a_warm_page_comes_from_the_cache(
    three_pages: list[Page], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Guards the cache itself: the second read of a page runs no query."""
    first = cache.get_page("second")

    with django_assert_num_queries(0):
        again = cache.get_page("second")

    assert again == first


def test_the_cached_body_is_still_safe_html(three_pages: list[Page], client: Client) -> None:
    client.get("/learn/second/")

    assert isinstance(cache.get_page("second")["body_html"], SafeString)
    assert '<h2 id="about-second">About second</h2>' in client.get("/learn/second/").content.decode()


def test_get_page_gives_nothing_for_an_unpublished_or_unknown_page(three_pages: list[Page]) -> None:
    make_page("draft", 4, published=False)

    assert cache.get_page("draft") is None
    assert cache.get_page("no-such-page") is None
    assert [entry["slug"] for entry in cache.get_hub()] == ["first", "second", "third"]


def test_the_cache_keeps_serving_until_cleared_then_reads_the_database(three_pages: list[Page]) -> None:
    cache.get_page("second")
    Page.objects.filter(slug="second").update(title="Renamed second")

    assert cache.get_page("second")["title"] == "Page second"

    cache.clear_all()

    assert cache.get_page("second")["title"] == "Renamed second"
    assert cache.get_page("first")["next"]["title"] == "Renamed second"
    assert cache.get_hub()[1]["title"] == "Renamed second"


def test_clearing_works_when_the_generation_was_evicted(three_pages: list[Page]) -> None:
    cache.get_hub()
    django_cache.delete(cache.GENERATION_KEY)
    Page.objects.filter(slug="first").update(title="Renamed first")

    cache.clear_all()

    assert cache.get_hub()[0]["title"] == "Renamed first"


def test_a_lost_generation_never_brings_back_an_older_copy(three_pages: list[Page]) -> None:
    cache.get_page("second")  # cached under the first generation
    Page.objects.filter(slug="second").update(title="Renamed second")
    cache.clear_all()
    assert cache.get_page("second")["title"] == "Renamed second"

    django_cache.delete(cache.GENERATION_KEY)  # evicted: a full cache culls keys, timeout or not

    assert cache.get_page("second")["title"] == "Renamed second"


def test_a_page_published_without_clearing_the_cache_is_shown_with_its_neighbours(
    three_pages: list[Page], client: Client
) -> None:
    client.get("/learn/")
    make_page("fourth", 4, title="Fourth page")  # e.g. seed_pages() run from a shell: no clear_all()

    response = client.get("/learn/fourth/")

    assert response.status_code == 200
    page = read(response)
    assert page.title == "Fourth page · Welltopia"
    assert ("← Page third", "/learn/third/") in page.main_links
    assert ("Fourth page", "/learn/fourth/") in read(client.get("/learn/")).main_links


def test_each_response_gets_its_own_nonce_although_the_page_is_cached(
    three_pages: list[Page], client: Client
) -> None:
    first = client.get("/learn/second/")
    second = client.get("/learn/second/")

    nonces = []
    for response in (first, second):
        (ld_json,) = [s for s in read(response).scripts if s.attrs.get("type") == "application/ld+json"]
        nonce = ld_json.attrs["nonce"]
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_seed_pages_command_refreshes_the_cache(client: Client) -> None:
    assert "Our education pages are being prepared." in read(client.get("/learn/")).main_text

    call_command("seed_pages", stdout=io.StringIO())

    hub = read(client.get("/learn/"))
    assert "Our education pages are being prepared." not in hub.main_text
    assert ("What is low-dose naltrexone?", "/learn/what-is-ldn/") in hub.main_links
