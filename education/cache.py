"""Published pages served from the cache once warm.

Every cached entry carries a generation number; saving any page bumps it, so prev/next
links and the hub never go stale. The page data (not the response) is cached, so each
response still gets its own CSP nonce and CSRF token.
"""

import time
from typing import Any

from django.core.cache import cache

from education.models import Page

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


def get_hub() -> list[dict[str, Any]]:
    key = f"education:hub:{_generation()}"
    hub = cache.get(key)
    if hub is None:
        hub = [
            {**_link(page), "summary": page.summary, "slug": page.slug}
            for page in Page.objects.published().only("title", "slug", "summary", "order")
        ]
        cache.set(key, hub, TIMEOUT)
    return hub


def get_page(slug: str) -> dict[str, Any] | None:
    key = f"education:page:{_generation()}:{slug}"
    data = cache.get(key)
    if data is None:
        page = Page.objects.published().filter(slug=slug).prefetch_related("references").first()
        if page is None:
            return None
        hub = get_hub()
        slugs = [entry["slug"] for entry in hub]
        if slug not in slugs:
            # The cached hub is older than this page (it was saved without clear_all(), or in
            # another process's local cache): drop the stale entries and build them afresh.
            clear_all()
            return get_page(slug)
        index = slugs.index(slug)
        rendered = page.rendered
        data = {
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
            "references": [{"title": ref.title, "url": ref.url} for ref in page.references.all()],
            "previous": hub[index - 1] if index > 0 else None,
            "next": hub[index + 1] if index + 1 < len(hub) else None,
        }
        cache.set(key, data, TIMEOUT)
    return data
