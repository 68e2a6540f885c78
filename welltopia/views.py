import logging
import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from intake.models import OutgoingEmail
from welltopia import language_choice
from welltopia.error_reports import is_database_unavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class _Outage:
    """One WARNING when the health check first finds the database down, one when it is back."""

    down = False

    def lost(self) -> None:
        if not self.down:
            logger.warning("Health check: the database did not answer")
        self.down = True

    def answered(self) -> None:
        if self.down:
            logger.warning("Health check: the database answers again")
        self.down = False


_database = _Outage()


def _plain(lines: list[str], status: int = 200) -> HttpResponse:
    response = HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")
    # The check logs its own outage once; Django would log each 503 as an error (and email it).
    response._has_been_logged = True
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and the operator: 200 while the database answers, 503 otherwise.

    The first line is `ok`, `degraded` (the site works; Redis or email delivery needs a look)
    or `unavailable`; then one line per part. No host names, no error text.
    """
    now = timezone.now()
    try:
        backlog = OutgoingEmail.objects.backlog(now)
    except DatabaseError:
        _database.lost()
        response = _plain(["unavailable", "database: unavailable"], status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    _database.answered()
    lines = ["database: ok"]
    degraded = False
    if settings.REDIS_URL:
        reachable = cache.ping()
        lines.append(f"redis: {'ok' if reachable else 'unreachable'}")
        degraded |= not reachable
    queue = f"email queue: {backlog['waiting']} waiting"
    if backlog["undelivered"]:
        degraded = True
        queue += (
            f", {backlog['undelivered']} not delivered, oldest "
            f"{timesince(backlog['oldest_undelivered'], now, depth=1)} ago"
        )
    lines.append(queue)
    return _plain(["degraded" if degraded else "ok", *lines])


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /consultation/status/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def _is_patient_form(request: HttpRequest) -> bool:
    try:
        return resolve(request.path_info).view_name == "intake:request"
    except Resolver404:
        return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The branded error page, rendered without the failing view's context and without the database.

    A lost database answers 503 with Retry-After: the site is down for a moment, not broken,
    and whoever was sending something is told plainly that it was not saved.
    """
    if not is_database_unavailable(sys.exception()):
        return render(request, "500.html", language_choice.error_page_context(), status=500)
    context = {
        "answers_not_sent": request.method == "POST" and _is_patient_form(request),
        "change_not_saved": request.method == "POST",
        **language_choice.error_page_context(),
    }
    response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: inside the admin, the admin's own page (header, navigation, a way back); elsewhere
    the site's. The reason stays in the code: a refusal names no record and no rule."""
    if request.path.startswith(reverse("admin:index")) and getattr(request.user, "is_staff", False):
        context = {**admin.site.each_context(request), "title": "Your role does not allow this"}
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", language_choice.error_page_context(), status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the site's page; its language switch goes to the home page in the other language."""
    return render(request, "404.html", language_choice.error_page_context(), status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF check failed (cookies blocked, or a form from elsewhere): a kind page, the
    site's own headers. The reason is logged by Django's security logger, never shown."""
    return render(request, "403_csrf.html", language_choice.error_page_context(), status=403)
