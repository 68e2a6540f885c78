from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from education.models import Page
from welltopia import languages


class _BothLanguages(Sitemap):
    """Each address once per language it is published in, with the others as hreflang alternates
    and x-default the English one (Django's sitemap i18n)."""

    changefreq = "monthly"
    i18n = True
    alternates = True
    x_default = True


class StaticViewSitemap(_BothLanguages):
    """The public pages that are not education pages. No patient page is ever listed."""

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


class PageSitemap(_BothLanguages):
    """One entry per page and language it is written in: a page not yet translated is listed in
    English only, never at a Spanish address that would only say so."""

    def items(self):
        pages = Page.objects.published().in_language(languages.DEFAULT).only("slug", "language", "updated_at")
        published = set(Page.objects.published().values_list("slug", "language"))
        for page in pages:
            page.published_in = [code for code in languages.CODES if (page.slug, code) in published]
        return list(pages)

    def get_languages_for_item(self, page: Page) -> list[str]:
        return page.published_in

    def location(self, page: Page) -> str:
        # The sitemap renders each entry with its language active: /learn/<slug>/ or /es/learn/<slug>/.
        return reverse("education:page", args=[page.slug])

    def lastmod(self, page: Page):
        return page.updated_at
