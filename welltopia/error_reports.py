"""Error reports that cannot leak patient data.

Django's reports include POST and GET values, cookies, request headers (META) and every
frame's local variables. Here all of those are replaced, whatever the view, and the URL loses
its query string, so an ADMINS email or a log record says where it broke and how, never with
whose data.

Reports are throttled: the same error reaches ADMINS at most once every few minutes, with a
count, and a database outage is one report per window, not one per request.
"""

import copy
import hashlib
import logging
import threading
import time
import traceback

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    # request.META also holds the query string, the Referer (an admin search for a patient's name,
    # say) and the client's address; only these entries describe the request without its data.
    SHOWN_META = frozenset(
        {
            "REQUEST_METHOD",
            "PATH_INFO",
            "SCRIPT_NAME",
            "SERVER_NAME",
            "SERVER_PORT",
            "SERVER_PROTOCOL",
            "CONTENT_TYPE",
            "CONTENT_LENGTH",
            "HTTP_HOST",
            "HTTP_ACCEPT",
            "HTTP_ACCEPT_ENCODING",
            "HTTP_ACCEPT_LANGUAGE",
            "HTTP_USER_AGENT",
            "HTTP_X_FORWARDED_PROTO",
            "wsgi.url_scheme",
        }
    )

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request) -> dict:
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame) -> list:
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request) -> dict:
        if not hasattr(request, "META"):
            return {}
        return {
            key: value if key in self.SHOWN_META else self.cleansed_substitute
            for key, value in request.META.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict:
        data = super().get_traceback_data()
        cleansed = self.filter.cleansed_substitute
        if self.request is not None:
            data["request_GET_items"] = [(key, cleansed) for key in self.request.GET]
            data["request_COOKIES_items"] = [(key, cleansed) for key in self.request.COOKIES]
            data["request_insecure_uri"] = self.request.path
        return data


# --------------------------------------------------------------------------- throttled emails


def is_database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or dropped the connection (or, on SQLite, was locked)."""
    return isinstance(error, OperationalError | InterfaceError)


def error_signature(record: logging.LogRecord) -> str:
    """What makes two error records "the same error": its type and where it was raised, never the URL."""
    error = record.exc_info[1] if record.exc_info else None
    if error is None:
        return f"{record.name}:{record.msg}:{getattr(record, 'status_code', '')}"
    if is_database_unavailable(error):
        return "database-unavailable"
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__module__}.{type(error).__qualname__}@{where}"


class _Throttle:
    """At most one report per signature per window, counting the ones held back.

    The shared cache makes the window hold across worker processes and machines (Redis); while
    it is unavailable each process keeps its own window, so a storm is still cut to a handful.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.local: dict[str, list[float]] = {}  # signature -> [last report time, held back since]

    def admit(self, signature: str, window: int) -> int | None:
        """None to hold the report back; else how many were held back since the last one."""
        key = "error-report:" + hashlib.sha256(signature.encode()).hexdigest()[:32]
        try:
            if cache.add(key, 1, timeout=window):
                held = cache.get(f"{key}:held", 0)
                cache.delete(f"{key}:held")
                return int(held)
            if not getattr(cache, "degraded", False):
                try:
                    cache.incr(f"{key}:held")
                except ValueError:
                    cache.set(f"{key}:held", 1, timeout=window * 12 * 24)
                return None
        except Exception:  # noqa: S110 - the cache failing must not lose the report: fall back below
            pass
        return self._admit_locally(signature, window)

    def _admit_locally(self, signature: str, window: int) -> int | None:
        now = time.monotonic()
        with self.lock:
            last, held = self.local.get(signature, [float("-inf"), 0])
            if now - last < window:
                self.local[signature] = [last, held + 1]
                return None
            self.local[signature] = [now, 0]
            return int(held)


throttle = _Throttle()


class ThrottledAdminEmailHandler(AdminEmailHandler):
    """Django's error emails, but the same error at most once per ERROR_EMAIL_THROTTLE_SECONDS.

    A report says how many times the error happened since the last one. A 503 the site chose
    to answer without an exception (the health check saying the database is down) is logged,
    never emailed.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if not settings.ADMINS:
            return
        if getattr(record, "status_code", None) == 503 and not record.exc_info:
            return
        held = throttle.admit(error_signature(record), settings.ERROR_EMAIL_THROTTLE_SECONDS)
        if held is None:
            return
        database_lost = is_database_unavailable(record.exc_info[1] if record.exc_info else None)
        if held or database_lost:
            record = copy.copy(record)
            notes = ["database unavailable"] if database_lost else []
            if held:
                notes.append(f"happened {held} more time{'s' if held != 1 else ''} since the last report")
            else:
                notes.append(
                    f"repeats within {settings.ERROR_EMAIL_THROTTLE_SECONDS} s are counted, not emailed"
                )
            record.msg = f"{record.msg} [{'; '.join(notes)}]"
        super().emit(record)


class DatabaseOutageFilter(logging.Filter):
    """In the console log, a request failed by a lost database is one line, not a traceback each."""

    def filter(self, record: logging.LogRecord) -> bool | logging.LogRecord:
        error = record.exc_info[1] if record.exc_info else None
        if not is_database_unavailable(error):
            return True
        record = copy.copy(record)
        record.exc_info, record.exc_text = None, None
        record.msg = f"{record.msg} [database unavailable: {type(error).__name__}]"
        return record
