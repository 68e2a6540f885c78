"""Django's Redis cache, made optional at run time: while Redis is unreachable the site runs without it.

Every read misses (pages are built from the database) and every write is skipped, behind a
short circuit breaker so a dead Redis costs one fast failure every few seconds, not one per
call. The first failure logs one WARNING, recovery another. Because writes made during the
outage (an editor's "pages changed") were lost, the cache is emptied when Redis is back.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0


class _Breaker:
    """One per process: every thread's cache object shares what is known about Redis."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_since: float | None = None

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, error: Exception) -> None:
        with self.lock:
            self.down_until = time.monotonic() + RETRY_SECONDS
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning(
                    "Redis unreachable (%s): pages are built from the database until it answers",
                    type(error).__name__,
                )

    def succeeded(self) -> bool:
        """True once, on the first success after an outage."""
        if self.down_since is None:
            return False
        with self.lock:
            if self.down_since is None:
                return False
            logger.warning("Redis reachable again after %.0f s", time.monotonic() - self.down_since)
            self.down_since = None
            return True


breaker = _Breaker()


def _degrades_to(fallback: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(self: "OptionalRedisCache", *args: Any, **kwargs: Any) -> Any:
            if breaker.is_open():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                breaker.failed(error)
                return fallback(*args, **kwargs)
            if breaker.succeeded():
                self._forget_outage()
            return result

        return wrapper

    return decorator


def _missing(key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _not_found(key: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"Key {key!r} not found (Redis is unreachable).")


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


class OptionalRedisCache(RedisCache):
    @property
    def degraded(self) -> bool:
        """True while Redis is known to be unreachable."""
        return breaker.is_open()

    def ping(self) -> bool:
        """Ask Redis directly, past the breaker (for /healthz)."""
        try:
            self._cache.get_client().ping()
        except UNREACHABLE as error:
            breaker.failed(error)
            return False
        if breaker.succeeded():
            self._forget_outage()
        return True

    def _forget_outage(self) -> None:
        try:
            super().clear()
        except UNREACHABLE as error:
            breaker.failed(error)

    get = _degrades_to(_missing)(RedisCache.get)
    get_many = _degrades_to(lambda keys, *args, **kwargs: {})(RedisCache.get_many)
    has_key = _degrades_to(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _degrades_to(lambda *args, **kwargs: False)(RedisCache.add)
    set = _degrades_to(_nothing)(RedisCache.set)
    set_many = _degrades_to(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _degrades_to(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _degrades_to(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrades_to(_nothing)(RedisCache.delete_many)
    incr = _degrades_to(_not_found)(RedisCache.incr)
    clear = _degrades_to(_nothing)(RedisCache.clear)
