from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from education import cache, glossary
from welltopia.page_cache import shared_page

# Each page is the same for every reader: rendered once per process and generation (an editor's
# save moves the generation, so no page is ever stale).


@shared_page(cache.generation)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "education/home.html", {"pages": cache.get_hub()})


@shared_page(cache.generation)
def hub(request: HttpRequest) -> HttpResponse:
    return render(request, "education/hub.html", {"pages": cache.get_hub()})


@shared_page(cache.generation)
def page(request: HttpRequest, slug: str) -> HttpResponse:
    data = cache.get_page(slug)
    if data is None:
        raise Http404("No such page.")
    return render(request, "education/page.html", {"page": data})


@shared_page(cache.generation)
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "education/privacy.html")


@shared_page(cache.generation)
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "education/glossary.html", {"terms": glossary.TERMS})
