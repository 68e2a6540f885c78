"""The site's URLs plus one view that fails while it holds a patient's answers (for the 500 tests)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from welltopia.urls import handler500
from welltopia.urls import urlpatterns as site_urlpatterns

FAILURE = "The scheduling service did not answer"


def fail_holding_answers(request: HttpRequest) -> HttpResponse:
    answers = request.POST.dict()  # noqa: F841 - a local variable an error report could show
    search = request.GET.get("q", "")  # noqa: F841
    raise RuntimeError(FAILURE)


urlpatterns = [*site_urlpatterns, path("consultation/fail/", fail_holding_answers)]

__all__ = ["handler500", "urlpatterns"]
