"""Small response and session rules that Django and the packages we use don't ship."""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

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


class StaffSessionLimitMiddleware:
    """End a signed-in session 12 hours after login, however active it has been.

    The 15-minute idle limit is the session's own expiry (SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST), enforced on the server because expired sessions don't load.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT_KEY)
            now = timezone.now()
            if started is None:
                request.session[LOGIN_AT_KEY] = now.isoformat()
            elif now - datetime.datetime.fromisoformat(started) > settings.STAFF_SESSION_ABSOLUTE_LIMIT:
                audit.info("Session of user id %s ended: 12-hour limit reached", user.pk)
                logout(request)
                # LOGIN_URL is a URL name ("admin:login"): resolve it. The path only, so a search
                # term in the query string never travels on to the login page.
                return redirect_to_login(request.path)
        return self.get_response(request)
