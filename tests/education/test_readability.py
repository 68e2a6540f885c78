"""Every public education page, as rendered, reads at grade 8 or below (textstat 0.7.3).

test_content measures each body; this measures what the reader gets: the summary, the notice,
the key facts, the words explained under the page, the sources and the call to action too.
"""

import pytest
import textstat
from django.test import Client

from education.seeding import load_sources, seed_pages
from tests.support.html import read

pytestmark = pytest.mark.django_db

MAX_GRADE = 8.0
URLS = ["/learn/", "/learn/glossary/", "/privacy/", *[f"/learn/{source.slug}/" for source in load_sources()]]


def readable_text(html_text: str) -> str:
    # The sources list is citations (authors, journal, volume), not prose for the reader to follow.
    text, _, rest = html_text.partition(" Sources for this page ")
    _, _, after = rest.partition(" Page last reviewed ")
    return f"{text} Page last reviewed {after}" if after else text


@pytest.mark.parametrize("url", URLS)
def test_the_page_as_shown_reads_at_grade_8_or_below(client: Client, url: str) -> None:
    seed_pages()

    grade = textstat.flesch_kincaid_grade(readable_text(read(client.get(url)).main_text))

    assert grade <= MAX_GRADE, f"{url}: Flesch-Kincaid grade {grade}"
