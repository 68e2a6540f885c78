"""Small response and session rules that Django and the packages we use don't ship."""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from welltopia import language_choice

audit = logging.getLogger("welltopia.audit")

LOGIN_AT_KEY = "welltopia_login_at"


class CrossOriginResourcePolicyMiddleware:
    """Cross-Origin-Resource-Policy on every response: nothing here is for other sites to embed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# Pages that carry a bearer secret beside personal data and are small anyway: the staff admin
# (a search term from the query string shown next to patients' names) and a patient's status
# pages (the private token in every link). They go out uncompressed (README, Performance: BREACH).
UNCOMPRESSED_NAMESPACES = {"admin"}
UNCOMPRESSED_VIEWS = {"intake:status", "intake:withdraw"}


class CompressionMiddleware(GZipMiddleware):
    """gzip for a browser that accepts it, without giving BREACH a way in.

    A page kept by welltopia/page_cache.py comes with its gzip form made (its secrets left
    uncompressed inside it); anything else is compressed by Django's GZipMiddleware, whose
    random padding ("Heal the BREACH") and Django's per-response masking of the CSRF token
    leave nothing to learn from its length. Goes below WhiteNoise, which compresses static
    files ahead of time.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        match = request.resolver_match
        if match is not None and (
            match.namespace in UNCOMPRESSED_NAMESPACES or match.view_name in UNCOMPRESSED_VIEWS
        ):
            return response
        gzipped = getattr(response, "gzipped", None)
        if gzipped is None or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            body = gzipped()
            if body is None:  # rewritten since it was kept: compress it the ordinary way
                return super().process_response(request, response)
            response.content = body
            response.headers["Content-Length"] = str(len(body))
            response.headers["Content-Encoding"] = "gzip"
        return response


class StaffSessionLimitMiddleware:
    """End a signed-in session SESSION_ABSOLUTE_HOURS (12 by default) after login, however active it has been.

    The 15-minute idle limit is the session's own expiry (SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST), enforced on the server because expired sessions don't load.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, so nobody is signed in: don't load the user (most requests are readers').
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY)
            now = timezone.now()
            if started is None:
                request.session[LOGIN_AT_KEY] = now.isoformat()
            elif now - datetime.datetime.fromisoformat(started) > settings.STAFF_SESSION_ABSOLUTE_LIMIT:
                audit.info(
                    "Session of user id %s ended: %s-hour limit reached",
                    user.pk,
                    settings.STAFF_SESSION_ABSOLUTE_LIMIT.total_seconds() / 3600,
                )
                logout(request)
                # LOGIN_URL is a URL name ("admin:login"): resolve it. The path only, so a search
                # term in the query string never travels on to the login page.
                return redirect_to_login(request.path)
        return self.get_response(request)


class RequestTooLargeMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 with a kind page, before any
    code reads it: Django would otherwise log an ERROR with a traceback (and email the admins) for
    what is a visitor's mistake or a probe. Django's request log then says "Content Too Large: <path>",
    one WARNING, with the path only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            # Before LocaleMiddleware: the page in the language of its address (/es/… in Spanish).
            with translation.override(translation.get_language_from_path(request.path_info) or None):
                response = render(request, "413.html", language_choice.error_page_context(), status=413)
            response["Connection"] = "close"
            response["X-Frame-Options"] = settings.X_FRAME_OPTIONS  # set further in, which this skips
            return response
        return self.get_response(request)


class NullCharacterMiddleware:
    """A NUL character in a URL parameter or a posted value is answered 400 with a kind page.

    No person types one; PostgreSQL refuses it in any query (a 500 before this: `?state=%00` in
    the staff queue), and Django's forms already refuse it in text fields.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return render(request, "400.html", language_choice.error_page_context(), status=400)
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, but the message store is made only when something uses it.

    Most requests are readers' pages that never show or add a message; making the store (a cookie
    store and a session store) for each of them was a tenth of such a page's time. A view adding
    a message, or a template showing them, makes it as before, and then it is saved as before.
    """

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never used: nothing to save
        return super().process_response(request, response)
