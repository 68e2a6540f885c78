"""A per-address limit on accepted consultation requests that holds across worker processes.

Redis counts when REDIS_URL is set; otherwise rows in the database do. Addresses are kept only
as a keyed hash, never in the clear.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
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


def _cache_key(key: str) -> str:
    window = int(timezone.now().timestamp()) // settings.INTAKE_RATE_WINDOW_SECONDS
    return f"intake:ratelimit:{key}:{window}"


def is_limited(request: HttpRequest) -> bool:
    key = client_key(request)
    if settings.REDIS_URL:
        count = cache.get(_cache_key(key), 0)
    else:
        count = RateLimitHit.objects.filter(key=key, created_at__gte=_window_start()).count()
    return count >= settings.INTAKE_RATE_LIMIT


def record(request: HttpRequest) -> None:
    key = client_key(request)
    if settings.REDIS_URL:
        cache_key = _cache_key(key)
        cache.add(cache_key, 0, timeout=settings.INTAKE_RATE_WINDOW_SECONDS)
        cache.incr(cache_key)
    else:
        RateLimitHit.objects.filter(created_at__lt=_window_start()).delete()
        RateLimitHit.objects.create(key=key)
