import hashlib
import json

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from education.markdown import render_markdown


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(published=True)


class Page(models.Model):
    """One plain-language education page. Seeded from education/content/, then editable."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown on the hub and in search."
    )
    body = models.TextField(help_text="Markdown. Use ## for headings; HTML is removed when shown.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the hub (lowest first).")
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField()
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
    def body_html(self) -> str:
        return render_markdown(self.body)

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
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
