"""The site's URLs plus one view that fails, to see the 500 page a visitor gets (with DEBUG off)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from welltopia.urls import handler500
from welltopia.urls import urlpatterns as site_urlpatterns

FAILURE = "unexpected failure: connection to postgres://clinic:s3cret@db/welltopia refused"


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(FAILURE)


urlpatterns = [*site_urlpatterns, path("fail/", fail)]

__all__ = ["handler500", "urlpatterns"]
