"""What search engines get: the sitemap, robots.txt and each page's description, canonical and data."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from education.seeding import PageSource, load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read

SOURCES = load_sources()
SLUGS = [source.slug for source in SOURCES]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
STATIC_PATHS = ["/", "/learn/", "/learn/glossary/", "/privacy/", "/consultation/"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    seed_pages()


def sitemap_entries(client: Client) -> dict[str, str | None]:
    """{location: lastmod} from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def sitemap_alternates(client: Client) -> dict[str, dict[str, str]]:
    """{location: {hreflang: address}} from /sitemap.xml."""
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)
        }
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def ld_json(client: Client, url: str, kind: str = "MedicalWebPage") -> dict[str, object]:
    """The page's one JSON-LD block of the given schema.org type."""
    response = client.get(url)
    blocks = [
        json.loads(script.body)
        for script in read(response).scripts
        if script.attrs.get("type") == "application/ld+json"
    ]
    (block,) = [block for block in blocks if block["@type"] == kind]
    return block


# --------------------------------------------------------------------------- sitemap


def test_sitemap_lists_home_hub_privacy_and_every_published_page(client: Client, seeded: None) -> None:
    locations = list(sitemap_entries(client))

    # Each address in English and then in Spanish (every page is written in both).
    paths = [*STATIC_PATHS, *[f"/learn/{slug}/" for slug in SLUGS]]
    assert sorted(locations) == sorted(
        f"http://testserver{prefix}{path}" for path in paths for prefix in ("", "/es")
    )


def test_sitemap_gives_every_address_its_other_language_and_an_x_default(
    client: Client, seeded: None
) -> None:
    alternates = sitemap_alternates(client)
    for path in [*STATIC_PATHS, "/learn/what-is-ldn/"]:
        expected = {
            "en": f"http://testserver{path}",
            "es": f"http://testserver/es{path}",
            "x-default": f"http://testserver{path}",
        }
        assert alternates[f"http://testserver{path}"] == expected
        assert alternates[f"http://testserver/es{path}"] == expected


def test_a_page_not_yet_translated_is_listed_in_english_only(client: Client, seeded: None) -> None:
    make_page("english-only", 99)

    alternates = sitemap_alternates(client)

    assert "http://testserver/es/learn/english-only/" not in alternates
    assert alternates["http://testserver/learn/english-only/"] == {
        "en": "http://testserver/learn/english-only/",
        "x-default": "http://testserver/learn/english-only/",
    }


def test_sitemap_gives_each_page_the_moment_it_last_changed_in_utc(client: Client) -> None:
    page = make_page("dated", 1)

    lastmod = sitemap_entries(client)["http://testserver/learn/dated/"]

    # A full W3C datetime with its zone: no date that depends on where it is read.
    assert lastmod.endswith("Z")
    assert datetime.datetime.fromisoformat(lastmod) == page.updated_at.replace(microsecond=0)


@pytest.mark.parametrize("moment", ["2026-11-27T00:26:00Z", "2026-11-27T04:59:00Z", "2026-11-01T06:30:00Z"])
def test_sitemap_lastmod_is_the_same_instant_at_any_hour(client: Client, moment: str) -> None:
    """Between midnight UTC and midnight at the clinic the UTC and clinic dates differ."""
    with time_machine.travel(moment, tick=False):
        make_page("dated", 1)

        lastmod = sitemap_entries(client)["http://testserver/learn/dated/"]

    assert lastmod == moment


def test_sitemap_leaves_out_an_unpublished_page(client: Client) -> None:
    make_page("shown", 1)
    make_page("draft", 2, published=False)

    locations = sitemap_entries(client)

    assert "http://testserver/learn/shown/" in locations
    assert "http://testserver/learn/draft/" not in locations


def test_sitemap_never_lists_a_patients_page(client: Client, seeded: None) -> None:
    """Only the empty form: no status page, no page that holds a patient's answers."""
    assert sorted(location for location in sitemap_entries(client) if "/consultation/" in location) == [
        "http://testserver/consultation/",
        "http://testserver/es/consultation/",
    ]


@pytest.mark.parametrize("count", [3, 10])
def test_sitemap_query_count_does_not_grow_with_pages(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    """Guards an N+1 on deferred fields: each page's address and date come from the one list query."""
    for order in range(count):
        make_page(f"page-{order}", order)

    # The English pages, and which languages each is published in.
    with django_assert_num_queries(2):
        response = client.get("/sitemap.xml")

    assert response.content.count(b"<loc>http://testserver/learn/page-") == count


# --------------------------------------------------------------------------- robots.txt


def test_robots_keeps_crawlers_out_of_staff_and_patient_pages_and_names_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /consultation/status/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


# --------------------------------------------------------------------------- each education page


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_describes_itself_with_its_summary(
    client: Client, seeded: None, source: PageSource
) -> None:
    page = read(client.get(f"/learn/{source.slug}/"))

    assert page.meta["description"] == source.summary
    assert page.head_link("canonical") == f"http://testserver/learn/{source.slug}/"


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_has_open_graph_tags(client: Client, seeded: None, source: PageSource) -> None:
    meta = read(client.get(f"/learn/{source.slug}/")).meta

    assert {key: value for key, value in meta.items() if key.startswith("og:")} == {
        "og:type": "article",
        "og:title": source.title,
        "og:description": source.summary,
        "og:url": f"http://testserver/learn/{source.slug}/",
        "og:site_name": "Welltopia",
    }


@pytest.mark.parametrize("source", SOURCES, ids=SLUGS)
def test_each_page_carries_medical_web_page_data(client: Client, seeded: None, source: PageSource) -> None:
    data = ld_json(client, f"/learn/{source.slug}/")

    assert data == {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": source.title,
        "description": source.summary,
        "url": f"http://testserver/learn/{source.slug}/",
        "lastReviewed": source.last_reviewed.isoformat(),
        "reviewedBy": {"@type": "Organization", "name": source.reviewer},
        "inLanguage": "en",
        "about": {"@type": "MedicalCondition", "name": "Rheumatoid arthritis"},
        "citation": [
            {"@type": "CreativeWork", "name": title, **({"url": url} if url else {})}
            for title, url in source.references
        ],
        "publisher": {"@type": "MedicalClinic", "name": "Welltopia"},
    }


def test_page_data_cannot_break_out_of_its_script_element(client: Client) -> None:
    title = "LDN </script><script>alert(1)</script> & you"
    make_page("tricky", 1, title=title)

    response = client.get("/learn/tricky/")

    assert "<script>alert(1)" not in response.content.decode()
    assert ld_json(client, "/learn/tricky/")["name"] == title


def test_the_canonical_address_ignores_the_query_string(client: Client, seeded: None) -> None:
    page = read(client.get(f"/learn/{SLUGS[0]}/?utm_source=newsletter"))

    assert page.head_link("canonical") == f"http://testserver/learn/{SLUGS[0]}/"
    assert page.meta["og:url"] == f"http://testserver/learn/{SLUGS[0]}/"


@pytest.mark.parametrize(
    ("url", "description"),
    [
        (
            "/",
            "Welltopia offers consultations about low-dose naltrexone (LDN) for people with rheumatoid "
            "arthritis, and plain-language pages to learn about it.",
        ),
        (
            "/learn/",
            "Plain-language pages about low-dose naltrexone (LDN) for rheumatoid arthritis: what it is, "
            "what is known, who can take it, how to take it, side effects and safety.",
        ),
        (
            "/learn/glossary/",
            "Plain-language meanings of the medical words used on Welltopia's pages about low-dose "
            "naltrexone (LDN) for rheumatoid arthritis.",
        ),
        (
            "/privacy/",
            "How Welltopia collects, uses, protects and deletes the information you give in a consultation "
            "request.",
        ),
    ],
)
def test_the_other_public_pages_have_a_description_and_canonical_address(
    client: Client, url: str, description: str
) -> None:
    page = read(client.get(f"{url}?ref=ad"))

    assert page.meta["description"] == description
    assert page.head_link("canonical") == f"http://testserver{url}"
    assert "robots" not in page.meta


def test_a_missing_page_asks_not_to_be_indexed(client: Client) -> None:
    page = read(client.get("/learn/no-such-page/"))

    assert page.meta["robots"] == "noindex"
    assert page.head_link("canonical") is None
