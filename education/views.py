from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from education import cache, glossary
from welltopia import languages
from welltopia.page_cache import shared_page


def _language() -> str:
    """The language of the address being served: Spanish under /es/, English elsewhere."""
    return languages.normalize(translation.get_language())


# Each page is the same for every reader of its language: rendered once per process, language
# and generation (an editor's save moves the generation, so no page is ever stale).


@shared_page(cache.generation)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "education/home.html", {"pages": cache.get_hub(_language())})


@shared_page(cache.generation)
def hub(request: HttpRequest) -> HttpResponse:
    return render(request, "education/hub.html", {"pages": cache.get_hub(_language())})


@shared_page(cache.generation)
def page(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()
    data = cache.get_page(slug, language)
    if data is not None:
        return render(request, "education/page.html", {"page": data})
    english = cache.get_page(slug) if language != languages.DEFAULT else None
    if english is None:
        raise Http404("No such page.")
    # Written in English only so far: say so, and link to it, rather than show half a translation.
    return render(request, "education/not_translated.html", {"english": english}, status=404)


@shared_page(cache.generation)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "education/privacy.html")


@shared_page(cache.generation)
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "education/glossary.html", {"terms": glossary.terms(_language())})
