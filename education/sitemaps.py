from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import Page


class StaticViewSitemap(Sitemap):
    """The public pages that are not education pages. No patient page is ever listed."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        # The empty consultation form is the call to action: listed. A patient's page never is.
        return [
            "education:home",
            "education:hub",
            "education:glossary",
            "education:privacy",
            "intake:request",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "updated_at")

    def lastmod(self, page: Page):
        return page.updated_at
