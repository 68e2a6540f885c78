from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from education import cache, glossary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "education/home.html", {"pages": cache.get_hub()})


def hub(request: HttpRequest) -> HttpResponse:
    return render(request, "education/hub.html", {"pages": cache.get_hub()})


def page(request: HttpRequest, slug: str) -> HttpResponse:
    data = cache.get_page(slug)
    if data is None:
        raise Http404("No such page.")
    return render(request, "education/page.html", {"page": data})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "education/privacy.html")


def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "education/glossary.html", {"terms": glossary.TERMS})
