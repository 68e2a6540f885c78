"""Quality checks for the patient-education pages in education/content/*.md.

Plain pytest: no Django settings and no database. Each page file is a block of
``Key: value`` header lines, one blank line, then the Markdown body.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

try:
    # textstat 0.7.3 imports pkg_resources, so it also needs setuptools<81 installed.
    import textstat
except ImportError as exc:  # pragma: no cover - only when the dev environment is incomplete
    textstat = None
    TEXTSTAT_ERROR = f"{exc!r}; install textstat==0.7.3 and setuptools<81 (textstat imports pkg_resources)"
else:
    TEXTSTAT_ERROR = ""

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO_ROOT / "education" / "content"
ARTICLE_PATH = REPO_ROOT.parent / "shared" / "source" / "ldn-for-ra-article.txt"

HEADER_KEYS = ["Title", "Slug", "Order", "Summary", "Last-Reviewed", "Reviewer", "Reference"]
SINGLE_KEYS = HEADER_KEYS[:-1]

EXPECTED_SLUGS = [
    "ldn-for-ra-overview",
    "ra-and-todays-treatments",
    "what-is-ldn",
    "how-ldn-may-work",
    "reported-benefits",
    "side-effects-and-safety",
    "is-ldn-right-for-me",
]

# The article's three references, without their #:~:text= fragments.
ARTICLE_REFERENCE_URLS = [
    "https://ldnresearchtrust.org/what-is-low-dose-naltrexone-ldn",
    "https://www.aafp.org/pubs/afp/afp-community-blog/entry/low-dose-naltrexone-a-future-gold-medalist.html",
    "https://www.mjrheum.org/current-issue/newsid792/429/showfulltext792/1",
]

MAX_GRADE = 8.0
COPY_RUN = 8  # words


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


def _pages() -> list[dict]:
    return [_parse(p) for p in sorted(CONTENT_DIR.glob("*.md"))]


PAGES = _pages()
PAGE_IDS = [p["name"] for p in PAGES]


def _by_slug() -> dict[str, dict]:
    return {p["fields"]["Slug"][0]: p for p in PAGES if "Slug" in p["fields"]}


def strip_markdown(body: str) -> str:
    """The body as a reader sees it: link text kept, Markdown syntax removed."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)
    text = re.sub(r"^\s{0,3}#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", text, flags=re.M)
    text = text.replace("*", "").replace("_", " ").replace("`", "")
    return text


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def plain(text: str) -> str:
    """Lower case, one space between words: what the fact patterns match against."""
    text = strip_markdown(text).replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text.lower())


# --------------------------------------------------------------------------- structure


def test_there_are_the_seven_pages_in_order():
    assert PAGES, f"no pages found in {CONTENT_DIR}"
    names = [p["name"] for p in PAGES]
    for name in names:
        assert re.fullmatch(r"\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md", name), f"{name}: not named NN-slug.md"
    ordered = sorted(PAGES, key=lambda p: int(p["fields"]["Order"][0]))
    slugs = [p["fields"]["Slug"][0] for p in ordered]
    assert slugs[: len(EXPECTED_SLUGS)] == EXPECTED_SLUGS
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
    # keys appear in the documented order (Reference lines last, possibly repeated)
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

    refs = fields["Reference"]
    assert len(refs) >= 3, f"{name}: needs at least 3 Reference lines"
    urls = []
    for ref in refs:
        title, bar, url = ref.rpartition(" | ")
        assert bar and title.strip(), f"{name}: Reference must be 'title | url': {ref!r}"
        assert re.fullmatch(r"https://\S+", url), f"{name}: Reference URL must be https: {url!r}"
        assert "#:~:text=" not in url, f"{name}: drop the text fragment from {url!r}"
        urls.append(url)
    for url in ARTICLE_REFERENCE_URLS:
        assert url in urls, f"{name}: missing the article reference {url}"


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
    h2 = re.findall(r"^## \S", body, flags=re.M)
    assert 2 <= len(h2) <= 4, f"{page['name']}: needs 2-4 '##' headings, has {len(h2)}"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_is_a_useful_length(page):
    count = len(words(strip_markdown(page["body"])))
    assert 250 <= count <= 500, f"{page['name']}: {count} words, aim for 250-500"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_internal_links_point_at_known_pages(page):
    for target in re.findall(r"\]\((/[^)]*)\)", page["body"]):
        match = re.fullmatch(r"/learn/([a-z0-9-]+)/", target)
        assert match, f"{page['name']}: unexpected site link {target}"
        assert match.group(1) in EXPECTED_SLUGS, f"{page['name']}: link to unknown page {target}"


def test_the_overview_links_to_every_other_page():
    overview = _by_slug()["ldn-for-ra-overview"]["body"]
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


# --------------------------------------------------------------------------- reading level


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_page_reads_at_grade_8_or_below(page):
    if textstat is None:
        pytest.fail(f"cannot measure reading grade: {TEXTSTAT_ERROR}")
    grade = textstat.flesch_kincaid_grade(strip_markdown(page["body"]))
    assert grade <= MAX_GRADE, (
        f"{page['name']}: Flesch-Kincaid grade {grade} is above {MAX_GRADE}; use shorter "
        "sentences and simpler words"
    )


# --------------------------------------------------------------------------- own words


@pytest.fixture(scope="module")
def article_text() -> str:
    if not ARTICLE_PATH.is_file():
        pytest.skip(f"source article not found at {ARTICLE_PATH} (the shared folder sits beside the repo)")
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_no_page_copies_a_sentence_from_the_article(page, article_text):
    source = words(article_text)
    runs = {tuple(source[i : i + COPY_RUN]) for i in range(len(source) - COPY_RUN + 1)}
    mine = words(strip_markdown(page["body"]))
    copied = [
        " ".join(mine[i : i + COPY_RUN])
        for i in range(len(mine) - COPY_RUN + 1)
        if tuple(mine[i : i + COPY_RUN]) in runs
    ]
    assert not copied, f"{page['name']}: shares {COPY_RUN}-word runs with the article: {copied[:5]}"


# --------------------------------------------------------------------------- every fact carried

# Every fact of the article, keyed by the slug of the page that must carry it:
# {slug: [(fact, [patterns that must ALL match the page, case-insensitive]), ...]}
FACTS_BY_PAGE: dict[str, list[tuple[str, list[str]]]] = {
    "ldn-for-ra-overview": [
        ("LDN has recently become popular / promising for RA", ["popular", "promising"]),
        ("overview: RA is autoimmune and hits the joints", ["autoimmune", "joints"]),
        ("overview: LDN is off-label", ["off-label"]),
    ],
    "ra-and-todays-treatments": [
        ("RA is a long-term illness", ["long[- ](term|lasting)"]),
        ("RA mostly affects the joints", ["(mostly|mainly) affects the joints"]),
        ("RA is more than ordinary aches or stiffness", ["aches", "stiffness"]),
        (
            "RA is autoimmune: the immune system attacks the joints",
            ["autoimmune", "immune system", "(goes after|attacks|turns on) (your |the )?(own )?joints"],
        ),
        ("RA causes pain and swelling", ["pain and swelling"]),
        (
            "RA can damage joints, especially if not caught early",
            ["damage", "not (spotted|caught|found|diagnosed)( and treated)? early"],
        ),
        ("many treatments developed over the years", ["over (many|the) years", "live better"]),
        ("NSAIDs are used for pain", ["nsaids", "nonsteroidal anti-inflammatory drugs", "pain"]),
        ("corticosteroids are a stronger option", ["corticosteroids", "stronger"]),
        ("DMARDs are a stronger option", ["dmards", "disease-modifying antirheumatic drugs"]),
        (
            "methotrexate is a common DMARD",
            ["methotrexate is (one of|among) the (most|dmards)", "(common|often|widely used)"],
        ),
        ("methotrexate does not work for everyone", ["does not work for everyone|doesn't work for everyone"]),
        (
            "methotrexate's side effects can outweigh its benefit",
            ["side effects (are a bigger burden|outweigh|are not worth)"],
        ),
        (
            "biologics are newer and more targeted",
            ["biologics", "newer", "(more specific targets|more targeted)"],
        ),
        (
            "biologics are expensive and hard to get",
            ["cost a lot|expensive|costly", "not always easy to get|hard to get"],
        ),
        ("why cost and access matter", ["cost and access", "out of reach"]),
        ("this is why people look at LDN", ["low-dose naltrexone"]),
    ],
    "what-is-ldn": [
        (
            "naltrexone was first made for opioid and alcohol dependence",
            ["first made", "opioids? or alcohol|opioids? and alcohol"],
        ),
        ("the addiction dose is about 50 mg a day", ["about 50 mg a day|around 50 mg a day"]),
        (
            "the high dose blocks the rewarding effects of drugs like heroin",
            ["blocks the pleasant effects|blocks the (feel-good|rewarding) effects", "heroin"],
        ),
        ("RA patients are not interested in the high dose", ["not the one people with ra"]),
        ("LDN is usually 1.5 to 4.5 mg", [r"1\.5 ?mg (and|to|-) ?4\.5 ?mg|1\.5-4\.5 ?mg"]),
        ("LDN is used off-label", ["off-label"]),
        (
            "off-label: not officially approved by major medical agencies",
            [
                "(major|big) medical agencies",
                "not (yet )?(officially )?approved|have not (yet )?(officially )?approved",
            ],
        ),
        (
            "people try it because of early studies and patient stories",
            ["early studies", "what patients say|patient stories"],
        ),
    ],
    "how-ldn-may-work": [
        ("how LDN works is not fully understood", ["(not|no one) (yet )?fully understand"]),
        ("even experts are unsure", ["experts are (still )?unsure"]),
        (
            "low dose briefly blocks opioid receptors in the brain",
            ["opioid receptors", "brain", "blocks these receptors for a short time|briefly blocks"],
        ),
        ("the brief block sounds bad but helps", ["cause harm|bad thing", "useful|helpful"]),
        ("the body answers with more endorphins", ["more endorphins"]),
        (
            "endorphins are the body's own pain relievers",
            ["endorphins are (the body's own |natural )?pain relievers"],
        ),
        (
            "more endorphins: feel better, less pain, perhaps less inflammation",
            ["feel better", "less pain", "inflammation may (also )?go down"],
        ),
        (
            "LDN affects microglia, immune-like cells of the nervous system",
            ["microglia", "nervous system", "like immune cells|immune-like"],
        ),
        (
            "microglia can become overactive in chronic illness and LDN calms them",
            ["long-term illness|chronic illness", "overactive", "settle them down|calm them"],
        ),
        (
            "researchers think it may reduce inflammation but much is left to learn",
            ["researchers think", "(great|lot of) (deal )?to learn"],
        ),
    ],
    "reported-benefits": [
        ("a growing number of people with RA turn to LDN", ["more and more people with ra"]),
        (
            "standard treatments don't work well enough or cause side effects",
            ["standard treatments do not help enough", "side effects"],
        ),
        ("LDN gives them another option", ["one more option|another option"]),
        ("benefits come from patient reports and small studies", ["patient reports", "small studies"]),
        (
            "less joint pain, more bearable after a few weeks",
            ["less joint pain", "few weeks", "easier to live with|more bearable"],
        ),
        ("better sleep through the night", ["better sleep", "through the night"]),
        ("better mood via endorphins", ["better mood", "endorphins", "cheerful|upbeat|happ"]),
        (
            "fewer flares; a flare is when pain and swelling suddenly worsen",
            ["fewer flares", "a flare is", "suddenly"],
        ),
        ("not for everyone, no guarantee", ["do not happen for everyone|not for everyone", "no guarantee"]),
        (
            "a lifeline for some when nothing else worked",
            ["lifeline", "other treatments let them down|nothing else"],
        ),
    ],
    "side-effects-and-safety": [
        (
            "usually well tolerated; few harsh side effects",
            ["well tolerated", "do not get strong side effects"],
        ),
        ("side effects can still happen", ["any medicine can cause side effects"]),
        ("some feel more tired at first", ["more tired", "first start"]),
        (
            "vivid dreams or trouble sleeping, especially with a late-evening dose",
            ["vivid dreams", "trouble sleeping", "late in the evening"],
        ),
        ("these side effects usually fade as the body adjusts", ["usually fade", "gets used to"]),
        ("the low dose does not strain the liver like 50 mg might", ["liver", "50 mg"]),
        (
            "does not seem to weaken the immune system much; a plus for infection worries",
            ["not seem to weaken the immune system", "infections"],
        ),
        ("talk with a doctor first", ["talk with your doctor|talk to a doctor"]),
        ("there may be interactions with other medicines", ["interact with other medicines"]),
        ("there may be reasons it is not a good fit", ["not a good fit"]),
        (
            "LDN must not be combined with opioids",
            ["must not be taken with opioid medicines|never combine ldn with opioids"],
        ),
        (
            "naltrexone blocks opioids and can bring on withdrawal",
            ["blocks the effects of opioids", "withdrawal"],
        ),
        ("people must be opioid-free before starting", ["off all opioids before they start"]),
        (
            "tell the clinic about tramadol, codeine, cough or diarrhoea medicines",
            ["tramadol", "codeine", "cough", "diarrh(o)?ea"],
        ),
        ("the opioid warning cites MedlinePlus", ["medlineplus"]),
    ],
    "is-ldn-right-for-me": [
        ("not a miracle cure", ["not a miracle cure"]),
        ("will not make RA go away", ["will not make ra go away"]),
        ("may not work for everyone", ["may not work for everyone"]),
        (
            "worth exploring for side effects or too little relief",
            ["worth exploring", "side effects", "enough relief"],
        ),
        ("a promising option", ["promising option"]),
        ("the science is still catching up", ["not caught up|still catching up"]),
        (
            "more research on how it helps and who it helps most",
            ["more research is needed", "how ldn helps", "helps the most"],
        ),
        ("patient stories and small studies give hope", ["patient stories and small studies", "hope"]),
        ("hope can be enough for a first step", ["first step"]),
        (
            "if you've tried the usual treatments, talk with your doctor",
            ["tried the usual treatments", "talk with your doctor"],
        ),
        ("a consultation can help decide", ["consultation can help"]),
        ("it may be a gentle helper", ["gentle"]),
    ],
}
FACTS = [(fact, patterns, slug) for slug, items in FACTS_BY_PAGE.items() for fact, patterns in items]


@pytest.mark.parametrize("fact, patterns, slug", FACTS, ids=[f[0] for f in FACTS])
def test_every_fact_of_the_article_is_carried(fact, patterns, slug):
    pages = _by_slug()
    assert slug in pages, f"no page with slug {slug}"
    text = plain(pages[slug]["body"])
    missing = [p for p in patterns if not re.search(p, text)]
    assert not missing, f"page {slug!r} does not carry the fact {fact!r}; no match for {missing}"
