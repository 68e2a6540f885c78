"""Every Spanish page, as it will be rendered, is "fairly easy" to read or easier (textstat 0.7.3).

test_content_es measures each page file; this measures what the reader gets from the page data
the Spanish views will show: the summary, the body with the safety statements and glossary links
in, and the words explained under the page. (The template's own words are the site-wide
translation's, measured there.) tests/education/spanish.py says which measure and why.
"""

import re

import pytest

from education import cache
from education.seeding import load_sources, seed_pages
from tests.education import spanish
from welltopia import languages

pytestmark = pytest.mark.django_db

SLUGS = [source.slug for source in load_sources(languages.SPANISH)]


def shown_text(page: dict) -> str:
    body = " ".join(re.sub(r"<[^>]+>", "", page["body_html"]).split())
    words = " ".join(f"{term['term']}. {term['definition']}" for term in page["terms"])
    return f"{page['summary']} {body} {words}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_spanish_page_as_shown_is_fairly_easy_to_read_or_easier(slug: str) -> None:
    seed_pages()

    page = cache.get_page(slug, languages.SPANISH)
    ease = spanish.reading_ease(shown_text(page))

    assert ease >= spanish.MIN_EASE, f"/es/learn/{slug}/: Szigriszt-Pazos {ease}"
