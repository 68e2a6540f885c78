"""The anchor of `make bench`: the smallest Django app that answers a request.

One view returning HttpResponse("ok"), no middleware, no database, no templates. gunicorn serves
it exactly as it serves the site (bench/served.py), so the ratio of a page's requests per second
to this app's says how much the site's own work costs, whatever the machine.

    gunicorn bench.bare_django:application
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-django-not-a-secret",  # noqa: S106  # nosec B106 - answers "ok", nothing else
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)
urlpatterns = [path("", ok)]
application = get_wsgi_application()
