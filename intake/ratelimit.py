"""A per-address limit on accepted consultation requests that holds across processes and machines.

Rows in the database count, written in the same transaction as the request they count, so
Redis (optional, and possibly down) never decides whether a request is saved or answered.
Addresses are kept only as a keyed hash, never in the clear.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from intake.models import RateLimitHit


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a reverse proxy, the address the nearest trusted proxy saw."""
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.INTAKE_RATE_WINDOW_SECONDS)


def is_limited(request: HttpRequest) -> bool:
    count = RateLimitHit.objects.filter(key=client_key(request), created_at__gte=_window_start()).count()
    return count >= settings.INTAKE_RATE_LIMIT


def record(request: HttpRequest) -> None:
    """Count an accepted request. Call it inside the transaction that saves the request.

    Stored with the request or not at all, so counting can never fail a saved request; old
    rows are cleared after the commit, where a failure is only logged.
    """
    RateLimitHit.objects.create(key=client_key(request))
    transaction.on_commit(_forget_old_hits, robust=True)


def _forget_old_hits() -> None:
    RateLimitHit.objects.filter(created_at__lt=_window_start()).delete()
