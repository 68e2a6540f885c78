"""Quality checks for the patient-education pages in education/content/*.md.

No database: each page file is a block of ``Key: value`` header lines, one blank line, then the
Markdown body. The body is checked as a reader gets it, with the shared safety statements
(education.safety) put in. The facts each page must carry are in tests/education/facts.py.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from education import glossary, safety
from tests.education.text import CONTENT_DIR, SOURCE_TEXTS, copied_runs, plain, reader_text, words

try:
    # textstat 0.7.3 imports pkg_resources, so it also needs setuptools<81 installed.
    import textstat
except ImportError as exc:  # pragma: no cover - only when the dev environment is incomplete
    textstat = None
    TEXTSTAT_ERROR = f"{exc!r}; install textstat==0.7.3 and setuptools<81 (textstat imports pkg_resources)"
else:
    TEXTSTAT_ERROR = ""

HEADER_KEYS = ["Title", "Slug", "Order", "Summary", "Last-Reviewed", "Reviewer", "Reference"]
SINGLE_KEYS = HEADER_KEYS[:-1]

# The pages in reading order: the article's seven topics, then a home for every section of an
# NHS medicine page (who can take it, how to take it, side effects, pregnancy, other medicines,
# common questions) and how to get LDN.
EXPECTED_SLUGS = [
    "ldn-for-ra-overview",
    "ra-and-todays-treatments",
    "what-is-ldn",
    "how-ldn-may-work",
    "reported-benefits",
    "who-can-and-cannot-take-ldn",
    "how-and-when-to-take-ldn",
    "side-effects-and-safety",
    "pregnancy-and-breastfeeding",
    "ldn-with-other-medicines",
    "getting-ldn",
    "common-questions",
    "is-ldn-right-for-me",
]

# Every page names the clinic's article, the source of these pages; it has no web address.
ARTICLE_REFERENCE = "Welltopia — Understanding Low-Dose Naltrexone for Rheumatoid Arthritis"
# The article's own three references, without their #:~:text= fragments.
ARTICLE_REFERENCE_URLS = [
    "https://ldnresearchtrust.org/what-is-low-dose-naltrexone-ldn",
    "https://www.aafp.org/pubs/afp/afp-community-blog/entry/low-dose-naltrexone-a-future-gold-medalist.html",
    "https://www.mjrheum.org/current-issue/newsid792/429/showfulltext792/1",
]
RA_STUDY_URL = "https://doi.org/10.1371/journal.pone.0212460"
LABEL_URL = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query=naltrexone+hydrochloride"
MEDLINEPLUS_NALTREXONE = "https://medlineplus.gov/druginfo/meds/a685041.html"

# Which sources a page must cite, by what it says (a page's claims can be checked against them).
REQUIRED_SOURCES = {
    "ldn-for-ra-overview": [LABEL_URL, RA_STUDY_URL, *ARTICLE_REFERENCE_URLS],
    "ra-and-todays-treatments": [
        "https://www.nhs.uk/conditions/rheumatoid-arthritis/treatment/",
        "https://www.nhs.uk/medicines/methotrexate/",
        "https://medlineplus.gov/rheumatoidarthritis.html",
    ],
    "what-is-ldn": [LABEL_URL, MEDLINEPLUS_NALTREXONE, RA_STUDY_URL, *ARTICLE_REFERENCE_URLS],
    "how-ldn-may-work": ARTICLE_REFERENCE_URLS,
    "reported-benefits": [RA_STUDY_URL, *ARTICLE_REFERENCE_URLS],
    "who-can-and-cannot-take-ldn": [LABEL_URL, MEDLINEPLUS_NALTREXONE],
    "how-and-when-to-take-ldn": [MEDLINEPLUS_NALTREXONE],
    "side-effects-and-safety": [LABEL_URL, MEDLINEPLUS_NALTREXONE, "https://988lifeline.org/"],
    "pregnancy-and-breastfeeding": [
        LABEL_URL,
        MEDLINEPLUS_NALTREXONE,
        "https://www.nhs.uk/medicines/methotrexate/",
    ],
    "ldn-with-other-medicines": [LABEL_URL, MEDLINEPLUS_NALTREXONE],
    "getting-ldn": ["https://www.fda.gov/drugs/human-drug-compounding"],
    "common-questions": [LABEL_URL, RA_STUDY_URL],
    "is-ldn-right-for-me": [RA_STUDY_URL],
}

MAX_GRADE = 8.0


# --------------------------------------------------------------------------- helpers


def _parse(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    assert sep, f"{path.name}: no blank line between the header and the body"
    fields: dict[str, list[str]] = {}
    order: list[str] = []
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        assert colon and key.strip() and value.strip(), f"{path.name}: bad header line {line!r}"
        key = key.strip()
        fields.setdefault(key, []).append(value.strip())
        order.append(key)
    return {"path": path, "name": path.name, "fields": fields, "order": order, "body": body}


PAGES = [_parse(path) for path in sorted(CONTENT_DIR.glob("*.md"))]
PAGE_IDS = [page["name"] for page in PAGES]
BY_SLUG = {page["fields"]["Slug"][0]: page for page in PAGES if "Slug" in page["fields"]}


def references(page: dict) -> list[tuple[str, str]]:
    found = []
    for ref in page["fields"]["Reference"]:
        title, bar, url = ref.rpartition(" | ")
        found.append((title, url) if bar else (ref, ""))
    return found


def h2_headings(body: str) -> list[str]:
    return re.findall(r"^## (.+)$", body, flags=re.M)


# --------------------------------------------------------------------------- structure


def test_there_are_the_pages_in_reading_order():
    assert PAGES, f"no pages found in {CONTENT_DIR}"
    for name in PAGE_IDS:
        assert re.fullmatch(r"\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md", name), f"{name}: not named NN-slug.md"
    ordered = sorted(PAGES, key=lambda p: int(p["fields"]["Order"][0]))
    assert [p["fields"]["Slug"][0] for p in ordered] == EXPECTED_SLUGS
    for page in PAGES:
        number, slug = page["name"][:-3].split("-", 1)
        assert int(number) == int(page["fields"]["Order"][0]), f"{page['name']}: file number != Order"
        assert slug == page["fields"]["Slug"][0], f"{page['name']}: file name != Slug"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_has_the_required_header_fields(page):
    name, fields = page["name"], page["fields"]
    for key in HEADER_KEYS:
        assert key in fields, f"{name}: missing {key}"
    for key in SINGLE_KEYS:
        assert len(fields[key]) == 1, f"{name}: {key} given more than once"
    unknown = set(fields) - set(HEADER_KEYS)
    assert not unknown, f"{name}: unknown header keys {sorted(unknown)}"
    first_seen = list(dict.fromkeys(page["order"]))
    assert first_seen == HEADER_KEYS, f"{name}: header keys out of order: {first_seen}"
    assert all(k == "Reference" for k in page["order"][len(SINGLE_KEYS) :])

    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", fields["Slug"][0])
    assert fields["Order"][0].isdigit()
    assert 0 < len(fields["Summary"][0]) <= 300, f"{name}: Summary must be 1-300 characters"
    reviewed = fields["Last-Reviewed"][0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed), f"{name}: Last-Reviewed must be YYYY-MM-DD"
    datetime.date.fromisoformat(reviewed)
    assert fields["Title"][0] and fields["Reviewer"][0]


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_lists_the_sources_its_claims_rest_on(page):
    slug = page["fields"]["Slug"][0]
    refs = references(page)
    titles = [title for title, _ in refs]
    urls = [url for _, url in refs]
    assert titles[0].startswith(ARTICLE_REFERENCE), f"{page['name']}: the clinic's article comes first"
    for title, url in refs[1:]:
        assert title.strip(), f"{page['name']}: a Reference needs a title"
        assert re.fullmatch(r"https://\S+", url), f"{page['name']}: Reference URL must be https: {url!r}"
        assert "#:~:text=" not in url, f"{page['name']}: drop the text fragment from {url!r}"
    for url in REQUIRED_SOURCES[slug]:
        assert url in urls, f"{page['name']}: its claims rest on {url}; list it as a Reference"
    assert len(set(urls)) == len(urls), f"{page['name']}: a source is listed twice"


def test_the_ra_study_is_cited_in_full():
    (title,) = {title for page in PAGES for title, url in references(page) if url == RA_STUDY_URL}
    assert title.startswith("Raknes G, Småbrekke L. Low dose naltrexone: Effects on medication in rheumatoid")
    assert "PLoS One. 2019;14(2):e0212460" in title


def test_orders_and_slugs_are_unique():
    orders = [p["fields"]["Order"][0] for p in PAGES]
    slugs = [p["fields"]["Slug"][0] for p in PAGES]
    assert len(set(orders)) == len(orders), f"duplicate Order values: {orders}"
    assert len(set(slugs)) == len(slugs), f"duplicate Slug values: {slugs}"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_bodies_use_no_html_and_no_h1(page):
    body = page["body"]
    assert not re.search(r"</?[a-zA-Z][^>]*>", body), f"{page['name']}: HTML tag in body"
    assert not re.search(r"&[a-zA-Z]+;|&#\d+;", body), f"{page['name']}: HTML entity in body"
    assert not re.search(r"^#(?!#)", body, flags=re.M), f"{page['name']}: uses a level-1 heading"
    assert 1 <= len(h2_headings(body)) <= 7, f"{page['name']}: needs 1-7 '##' headings"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_is_a_useful_length(page):
    count = len(words(reader_text(page["body"])))
    assert 250 <= count <= 600, f"{page['name']}: {count} words, aim for 250-600"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_internal_links_point_at_known_pages(page):
    for target in re.findall(r"\]\((/[^)]*)\)", page["body"]):
        match = re.fullmatch(r"/learn/([a-z0-9-]+)/(#[a-z0-9-]+)?", target)
        assert match, f"{page['name']}: unexpected site link {target}"
        assert match.group(1) in [*EXPECTED_SLUGS, "glossary"], (
            f"{page['name']}: link to unknown page {target}"
        )


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_safety_wording_is_placed_not_retyped(page):
    """Pages carry the shared statements as [[name]] lines, so the wording lives in one place."""
    assert safety.unknown_placeholders(page["body"]) == [], f"{page['name']}: unknown [[...]] line"
    typed = " ".join(page["body"].lower().split())  # the page as written, statements not put in
    for statement in (safety.OPIOID_WASHOUT, *safety.WHO_CANNOT_TAKE, safety.TELL_EVERY_DOCTOR):
        for sentence in re.split(r"(?<=\.) ", statement.lower()):
            assert sentence not in typed, f"{page['name']}: {sentence!r} is typed out; use the [[...]] line"


def test_the_overview_links_to_every_other_page():
    overview = BY_SLUG["ldn-for-ra-overview"]["body"]
    for slug in EXPECTED_SLUGS[1:]:
        assert f"(/learn/{slug}/)" in overview, f"overview does not link to {slug}"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_pages_leave_the_disclaimer_and_call_to_action_to_the_template(page):
    text = plain(page["body"])
    assert "not medical advice" not in text, f"{page['name']}: the template adds the disclaimer"
    assert not re.search(r"book (a|your) consultation|request a consultation", text), (
        f"{page['name']}: the template adds the consultation call to action"
    )


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_pages_drop_the_articles_slang(page):
    text = plain(page["body"])
    for slang in ("ain't", "folks", "scratching their heads", "hooked on", "pricey", "nasty"):
        assert slang not in text, f"{page['name']}: slang {slang!r}"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_jargon_is_left_to_the_glossary(page):
    """The glossary explains these words; a page that spells one out by hand repeats it."""
    text = plain(page["body"])
    for hand_made in (
        r"this stands for",
        r"off-label means",
        r"an? (dmard|biologic|nsaid|opioid) is ",
        r"(dmards|biologics|nsaids|opioids) are (medicines|drugs) (that|which)",
        r"inflammation is ",
    ):
        assert not re.search(hand_made, text), (
            f"{page['name']}: {hand_made!r}; link the glossary word instead"
        )


# --------------------------------------------------------------------------- reading level


def grade(text: str) -> float:
    if textstat is None:
        pytest.fail(f"cannot measure reading grade: {TEXTSTAT_ERROR}")
    return textstat.flesch_kincaid_grade(text)


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_reads_at_grade_8_or_below(page):
    measured = grade(reader_text(page["body"]))
    assert measured <= MAX_GRADE, (
        f"{page['name']}: Flesch-Kincaid grade {measured} is above {MAX_GRADE}; use shorter "
        "sentences and simpler words"
    )


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_summary_reads_at_grade_8_or_below(page):
    """The summary is the page's lead, its line on the hub and its search description."""
    assert grade(page["fields"]["Summary"][0]) <= MAX_GRADE, f"{page['name']}: shorten the Summary"


@pytest.mark.parametrize("term", glossary.TERMS, ids=[term.slug for term in glossary.TERMS])
def test_every_glossary_word_reads_at_grade_8_or_below(term):
    assert grade(term.definition) <= MAX_GRADE, f"glossary {term.slug}: say it more simply"


@pytest.mark.parametrize("name", sorted(safety.STATEMENTS))
def test_every_safety_statement_reads_at_grade_8_or_below(name):
    assert grade(reader_text(safety.as_markdown(name))) <= MAX_GRADE, f"[[{name}]]: say it more simply"


# --------------------------------------------------------------------------- own words


@pytest.fixture(scope="module")
def source_texts() -> dict[str, str]:
    missing = [path for path in SOURCE_TEXTS.values() if not path.is_file()]
    if missing:
        pytest.skip(f"source text not found at {missing[0]} (the shared folder sits beside the repo)")
    return {name: path.read_text(encoding="utf-8") for name, path in SOURCE_TEXTS.items()}


OUR_TEXTS = [
    *[(page["name"], page["body"]) for page in PAGES],
    *[(f"glossary:{term.slug}", term.definition) for term in glossary.TERMS],
    *[(f"safety:{name}", safety.as_markdown(name)) for name in safety.STATEMENTS],
]


@pytest.mark.parametrize(("name", "text"), OUR_TEXTS, ids=[name for name, _ in OUR_TEXTS])
def test_nothing_copies_a_run_of_words_from_a_source(name, text, source_texts):
    for source_name, source in source_texts.items():
        copied = copied_runs(reader_text(text), source)
        assert not copied, f"{name}: shares runs of 8 words with {source_name}: {copied[:5]}"
