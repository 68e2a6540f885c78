"""The public education views: the home page, the Learn hub, one page, and the privacy notice."""

import datetime
import itertools
import re

import pytest
from django.test import Client
from django.utils.text import slugify
from pytest_django import DjangoAssertNumQueries, Settings

from education.review import next_review_due
from education.seeding import PageSource, load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read

SOURCES = load_sources()
SLUGS = [source.slug for source in SOURCES]

NOT_ADVICE = (
    "Information, not medical advice. Low-dose naltrexone (LDN) is used off-label for rheumatoid "
    "arthritis: it is not officially approved for RA."
)

CTA = ("Request a consultation", "/consultation/")

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    seed_pages()


def headings(source: PageSource) -> list[str]:
    return re.findall(r"^## (.+)$", source.body, flags=re.MULTILINE)


def long_date(day: datetime.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def h2(text: str) -> str:
    """A body heading as the page renders it, with its anchor."""
    return f'<h2 id="{slugify(text)}">{text}</h2>'


def education_links(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Links to education pages: not the hub, and not a glossary word."""
    return [
        link
        for link in links
        if link[1].startswith("/learn/")
        and link[1] != "/learn/"
        and not link[1].startswith("/learn/glossary/")
    ]


# --------------------------------------------------------------------------- home


def test_home_offers_a_consultation_and_a_way_to_learn(client: Client, seeded: None) -> None:
    page = read(client.get("/"))

    assert page.title == "LDN consultations for rheumatoid arthritis · Welltopia"
    assert page.main_text.startswith(
        "Consultations about low-dose naltrexone for rheumatoid arthritis Living with RA and still in pain"
    )
    assert page.main_links[:2] == [CTA, ("Learn about LDN", "/learn/")]
    assert "Honest answers: LDN is used off-label, it is not a cure, and it is not right for everyone." in (
        page.main_text
    )
    assert NOT_ADVICE in page.main_text


def test_home_links_every_published_page_in_order(client: Client, seeded: None) -> None:
    page = read(client.get("/"))

    assert education_links(page.main_links) == [
        (source.title, f"/learn/{source.slug}/") for source in SOURCES
    ]


def test_home_says_the_pages_are_coming_before_any_is_published(client: Client) -> None:
    make_page("draft", 1, published=False)

    page = read(client.get("/"))

    assert "Our education pages are being prepared." in page.main_text
    assert "Page draft" not in page.text


# --------------------------------------------------------------------------- hub


def test_hub_lists_published_pages_in_order_with_their_summaries(client: Client, seeded: None) -> None:
    response = client.get("/learn/")
    page = read(response)

    assert response.status_code == 200
    assert page.main_text.startswith(
        "Learn about LDN for rheumatoid arthritis Short pages in plain language."
    )
    assert education_links(page.main_links) == [
        (source.title, f"/learn/{source.slug}/") for source in SOURCES
    ]
    assert f"The pages, in reading order {SOURCES[0].title} {SOURCES[0].summary}" in page.main_text
    for source, following in itertools.pairwise(SOURCES):
        assert f"{source.title} {source.summary} {following.title}" in page.main_text


def test_hub_orders_pages_by_their_position_not_their_title(client: Client) -> None:
    make_page("zebra", 1, title="Zebra first")
    make_page("apple", 2, title="Apple second")

    page = read(client.get("/learn/"))

    assert [text for text, _ in education_links(page.main_links)] == [
        "Zebra first",
        "Apple second",
    ]


def test_hub_leaves_out_an_unpublished_page(client: Client) -> None:
    make_page("shown", 1, title="Shown page")
    make_page("hidden", 2, title="Hidden draft", published=False)

    page = read(client.get("/learn/"))

    assert "Shown page" in page.main_text
    assert "Hidden draft" not in page.text
    assert ("Hidden draft", "/learn/hidden/") not in page.main_links


def test_hub_says_it_is_not_advice_and_offers_a_consultation(client: Client, seeded: None) -> None:
    page = read(client.get("/learn/"))

    assert NOT_ADVICE in page.main_text
    assert "Want to talk it through?" in page.main_text
    assert page.main_links[-1] == CTA


@pytest.mark.parametrize("count", [3, 10])
def test_hub_query_count_does_not_grow_with_pages(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    """Guards an N+1 on the hub: one query lists every page, however many there are."""
    for order in range(count):
        make_page(f"page-{order}", order)

    with django_assert_num_queries(1):
        response = client.get("/learn/")

    assert len([href for _, href in read(response).main_links if href.startswith("/learn/page-")]) == count


def test_hub_and_home_take_no_queries_once_warm(
    client: Client, seeded: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Guards the cache: a warm hub and home page never touch the database."""
    client.get("/learn/")

    with django_assert_num_queries(0):
        hub = client.get("/learn/")
        home = client.get("/")

    assert SOURCES[0].title in read(hub).main_text
    assert SOURCES[0].title in read(home).main_text


# --------------------------------------------------------------------------- one page


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_shows_its_own_content(client: Client, seeded: None, source: PageSource) -> None:
    response = client.get(f"/learn/{source.slug}/")
    page = read(response)

    assert response.status_code == 200
    assert page.title == f"{source.title} · Welltopia"
    assert page.main_text.startswith(f"Learn {source.title} {source.title} {source.summary} ")
    due = next_review_due(source.last_reviewed)
    assert (
        f"Page last reviewed {long_date(source.last_reviewed)} by {source.reviewer}. "
        f"Next review due {long_date(due)}."
    ) in page.main_text
    assert f'<time datetime="{source.last_reviewed.isoformat()}">' in response.content.decode()
    assert f'<time datetime="{due.isoformat()}">' in response.content.decode()
    for heading in headings(source):
        assert h2(heading) in response.content.decode()


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_links_its_references_in_order(client: Client, seeded: None, source: PageSource) -> None:
    page = read(client.get(f"/learn/{source.slug}/"))

    linked = [ref for ref in source.references if ref[1]]
    links, count = page.main_links, len(linked)
    assert any(links[start : start + count] == linked for start in range(len(links)))
    assert "Sources for this page " + " ".join(title for title, _ in source.references) in page.main_text


@pytest.mark.parametrize("index", range(len(SOURCES)), ids=SLUGS)
def test_each_page_links_to_the_previous_and_next_pages(client: Client, seeded: None, index: int) -> None:
    source = SOURCES[index]
    page = read(client.get(f"/learn/{source.slug}/"))

    before = SOURCES[index - 1] if index > 0 else None
    after = SOURCES[index + 1] if index + 1 < len(SOURCES) else None
    nav = [link for link in page.main_links if link[0].startswith("← ") or link[0].endswith(" →")]
    expected = []
    if before:
        expected.append((f"← {before.title}", f"/learn/{before.slug}/"))
    if after:
        expected.append((f"{after.title} →", f"/learn/{after.slug}/"))
    assert nav == expected


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_says_it_is_not_advice_and_offers_a_consultation(
    client: Client, seeded: None, source: PageSource
) -> None:
    page = read(client.get(f"/learn/{source.slug}/"))

    assert NOT_ADVICE in page.main_text
    assert "Please talk with a doctor before you start, stop or change any medicine." in page.main_text
    assert "Want to talk it through?" in page.main_text
    assert CTA in page.main_links
    assert "This site gives information, not medical advice." in page.text
    assert "Low-dose naltrexone is used off-label for rheumatoid arthritis." in page.text


def test_a_page_body_is_shown_as_formatted_text(client: Client) -> None:
    make_page("formatted", 1, body="## Plain words\n\n- one\n- two\n\nSee [the hub](/learn/).\n")

    response = client.get("/learn/formatted/")

    content = response.content.decode()
    assert '<h2 id="plain-words">Plain words</h2>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>' in content
    assert ("the hub", "/learn/") in read(response).main_links


def test_a_page_body_never_sends_a_script_to_the_reader(client: Client) -> None:
    make_page(
        "hostile",
        1,
        body=(
            "Hello.\n\n<script>alert('body')</script>\n\n<img src=x onerror=\"alert('img')\">\n\n"
            "[Click me](javascript:alert('link'))\n"
        ),
    )

    response = client.get("/learn/hostile/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "alert(" not in content
    assert "onerror" not in content
    assert "javascript:" not in content
    assert "Click me" in read(response).main_text


def test_an_unpublished_page_is_not_found(client: Client) -> None:
    make_page("draft", 1, title="A draft", published=False)

    response = client.get("/learn/draft/")

    assert response.status_code == 404
    assert "We couldn't find that page" in read(response).main_text
    assert "A draft" not in response.content.decode()


def test_an_unknown_page_is_not_found(client: Client, seeded: None) -> None:
    response = client.get("/learn/no-such-page/")

    assert response.status_code == 404
    assert read(response).title == "Page not found · Welltopia"


def test_a_cold_page_takes_four_queries(
    client: Client, seeded: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Guards an N+1 on references: the page, its references, its hub and the other language's hub
    (for the language switcher and hreflang), one query each."""
    with django_assert_num_queries(4):
        client.get(f"/learn/{SLUGS[2]}/")


def test_a_warm_page_takes_no_queries(
    client: Client, seeded: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Guards the cache: once warm, a published page is served without touching the database."""
    client.get(f"/learn/{SLUGS[2]}/")

    with django_assert_num_queries(0):
        response = client.get(f"/learn/{SLUGS[2]}/")

    page = read(response)
    assert page.title == f"{SOURCES[2].title} · Welltopia"
    assert h2(headings(SOURCES[2])[0]) in response.content.decode()
    assert (f"{SOURCES[3].title} →", f"/learn/{SOURCES[3].slug}/") in page.main_links


# --------------------------------------------------------------------------- privacy


def test_privacy_notice_says_how_long_answers_are_kept_and_whom_to_ask(
    client: Client, settings: Settings
) -> None:
    settings.RETENTION_DAYS = 90
    settings.CLINIC_CONTACT_EMAIL = "privacy@clinic.example"

    page = read(client.get("/privacy/"))

    assert page.title == "Privacy notice · Welltopia"
    assert "we delete your personal and health answers after 90 days." in page.main_text
    assert ("privacy@clinic.example", "mailto:privacy@clinic.example") in page.main_links
    assert "Staff who only edit our education pages cannot see requests." in page.main_text
    assert "We do not use advertising or tracking cookies." in page.main_text


def test_privacy_notice_never_touches_the_database(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """The notice must stay readable when the database is down: no query at all."""
    with django_assert_num_queries(0):
        response = client.get("/privacy/")

    assert response.status_code == 200
