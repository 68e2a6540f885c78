"""Published pages served from the cache once warm.

Every cached entry carries a generation number; saving any page bumps it, so prev/next
links and the hub never go stale. The page data (not the response) is cached, so each
response still gets its own CSP nonce and CSRF token.

Every entry is per language: get_hub(language) and get_page(slug, language) (English when no
language is given). has_translation() and translations() say which languages a page is written
in, from the cached hubs, for the language switcher and for a page not yet translated (which says
so and links to the English page rather than showing anything half translated).
"""

import time
from typing import Any

from django.core.cache import cache

from education.models import Page
from welltopia import languages

GENERATION_KEY = "education:generation"
TIMEOUT = 60 * 60 * 24


def _new_generation() -> int:
    # A full cache can evict the generation key while entries of older generations live on;
    # starting again from the clock (not from 1) never lands on one of those old generations.
    return time.time_ns()


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)  # another process may have added first
    return generation


def generation() -> int:
    """Moves whenever a page is saved: rendered pages are kept per generation (welltopia/page_cache.py)."""
    return _generation()


def clear_all() -> None:
    """Call after any page is saved: the next request rebuilds from the database."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)


def _link(page: Page) -> dict[str, str]:
    return {"title": page.title, "url": page.get_absolute_url()}


def _key(kind: str, language: str, slug: str = "") -> str:
    key = f"education:{kind}:{_generation()}:{language}"
    return f"{key}:{slug}" if slug else key


def get_hub(language: str = languages.DEFAULT) -> list[dict[str, Any]]:
    """The published pages of one language, in the hub's order."""
    key = _key("hub", language)
    hub = cache.get(key)
    if hub is None:
        pages = (
            Page.objects.published()
            .in_language(language)
            .only("title", "slug", "summary", "order", "language")
        )
        hub = [{**_link(page), "summary": page.summary, "slug": page.slug} for page in pages]
        cache.set(key, hub, TIMEOUT)
    return hub


def has_translation(slug: str, language: str) -> bool:
    """Whether the page at `slug` is published in `language`. No query once the hub is warm."""
    return any(entry["slug"] == slug for entry in get_hub(language))


def translations(slug: str) -> dict[str, str]:
    """{language: address} of every language the page at `slug` is published in, English first."""
    found = {}
    for language in languages.CODES:
        entry = next((entry for entry in get_hub(language) if entry["slug"] == slug), None)
        if entry is not None:
            found[language] = entry["url"]
    return found


def get_page(slug: str, language: str = languages.DEFAULT) -> dict[str, Any] | None:
    """Everything a page's template shows, in one language; None when it is not published in it
    (see has_translation() to tell a page not translated yet from one that does not exist)."""
    key = _key("page", language, slug)
    data = cache.get(key)
    if data is None:
        page = (
            Page.objects.published()
            .filter(slug=slug, language=language)
            .prefetch_related("references")
            .first()
        )
        if page is None:
            return None
        hub = get_hub(language)
        slugs = [entry["slug"] for entry in hub]
        if slug not in slugs:
            # The cached hub is older than this page (it was saved without clear_all(), or in
            # another process's local cache): drop the stale entries and build them afresh.
            clear_all()
            return get_page(slug, language)
        index = slugs.index(slug)
        data = page_data(
            page,
            [{"title": ref.title, "url": ref.url} for ref in page.references.all()],
            previous_link=hub[index - 1] if index > 0 else None,
            next_link=hub[index + 1] if index + 1 < len(hub) else None,
        )
        cache.set(key, data, TIMEOUT)
    return data


def page_data(
    page: Page,
    references: list[dict[str, str]],
    previous_link: dict[str, str] | None = None,
    next_link: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What education/page.html shows of one page: for the site (get_page) and for an editor's
    preview of a page not saved yet (education/preview.py)."""
    rendered = page.rendered
    return {
        "title": page.title,
        "slug": page.slug,
        "url": page.get_absolute_url(),
        "summary": page.summary,
        "body_html": rendered.html,
        "terms": [
            {"anchor": term.anchor, "term": term.term, "definition": term.definition}
            for term in rendered.terms
        ],
        "questions": [{"question": q.question, "answer": q.answer} for q in rendered.questions],
        "last_reviewed": page.last_reviewed,
        "next_review_due": page.next_review_due,
        "reviewer": page.reviewer,
        "updated_at": page.updated_at,
        "references": references,
        "previous": previous_link,
        "next": next_link,
    }
