import datetime
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from education import review
from education.rendering import RenderedBody, render_body

# /learn/<slug>/ addresses the site serves itself, so no page may take them.
RESERVED_SLUGS = frozenset({"glossary"})


def validate_slug_not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is the address of another part of the site; choose another slug.")


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(published=True)

    def due_for_review(self, today: datetime.date | None = None) -> "PageQuerySet":
        """Pages whose next review date is today (the clinic's) or has passed."""
        return self.filter(last_reviewed__lte=review.due_if_reviewed_on_or_before(today))

    def not_due_for_review(self, today: datetime.date | None = None) -> "PageQuerySet":
        return self.filter(last_reviewed__gt=review.due_if_reviewed_on_or_before(today))


class Page(models.Model):
    """One plain-language education page. Seeded from education/content/, then editable."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_slug_not_reserved])
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown on the hub and in search."
    )
    body = models.TextField(
        help_text=(
            "Markdown. Use ## for headings; HTML is removed when shown. A “## Key facts” section is "
            "shown as a box; under “## Common questions”, give each question a ### heading. "
            "A line [[opioid-washout]], [[who-cannot-take]] or [[tell-every-doctor]] puts in the "
            "clinic's shared safety wording."
        )
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the hub (lowest first).")
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField(help_text="The next review is due a year later.")
    reviewer = models.CharField(max_length=120, help_text="Who last checked the page for accuracy.")
    updated_at = models.DateTimeField(auto_now=True)
    seeded_checksum = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Checksum of the content as last seeded; a page whose content differs was edited.",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="education_page_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:page", args=[self.slug])

    @cached_property
    def rendered(self) -> RenderedBody:
        return render_body(self.body)

    @property
    def body_html(self) -> SafeString:
        return self.rendered.html

    @property
    def next_review_due(self) -> datetime.date:
        return review.next_review_due(self.last_reviewed)

    def content_checksum(self, references: list[tuple[str, str]] | None = None) -> str:
        """A checksum of everything an editor can change, to tell seeded pages from edited ones."""
        if references is None:
            references = [(ref.title, ref.url) for ref in self.references.all()]
        payload = [
            self.title,
            self.summary,
            self.body,
            self.order,
            self.published,
            self.last_reviewed.isoformat(),
            self.reviewer,
            [list(ref) for ref in references],
        ]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


class Reference(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    url = models.URLField(
        max_length=500, blank=True, help_text="Leave empty for a source with no web address."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
