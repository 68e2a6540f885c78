"""Education pages for tests, created straight in the database (no seeding, no cache clearing)."""

import datetime

from education.models import Page


def make_page(slug: str, order: int, *, published: bool = True, **fields: object) -> Page:
    defaults: dict[str, object] = {
        "title": f"Page {slug}",
        "summary": f"What {slug} is about.",
        "body": f"## About {slug}\n\nSome words.\n",
        "last_reviewed": datetime.date(2026, 11, 1),
        "reviewer": "Dr. Ada Reviewer",
    }
    return Page.objects.create(slug=slug, order=order, published=published, **(defaults | fields))
