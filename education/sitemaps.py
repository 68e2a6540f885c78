from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import Page


class StaticViewSitemap(Sitemap):
    """The public pages that are not education pages. No patient page is ever listed."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["education:home", "education:hub", "education:glossary", "education:privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page: Page):
        return page.updated_at
