"""The short way for a kept page: answered ahead of the middleware stack, as the stack answers it.

welltopia/page_cache.py keeps the pages that are the same for everyone (the education pages, the
hub, the home page, the empty form) and fills in each request's values. Even from that store, a
page still went through every middleware on the way in and out: most of its time went on
resolving the address again, building the same CSP header, the same security headers, the same
language headers. This middleware, first in MIDDLEWARE, records what the whole stack sent for a
kept page the first time (every header, the CSP nonce as a slot) and answers the next request of
the same kind with the page filled in and those headers, without the stack.

A request goes the short way only when nothing in the stack could answer it differently:
- it is one everybody could send: GET or HEAD, no query string, no body, no cookie but the CSRF
  cookie (so no session, no message waiting, no language choice to follow), an allowed host;
- it is the same kind as the one recorded: scheme, host, path (and so language), compressed or
  not, and whether its CSRF cookie has to be replaced (one that is not well formed);
- the page's version has not moved (an editor's save, the medicine catalog) and its check passes
  (the form: the database answers).
Anything else, or anything going wrong, goes through the stack as before, which answers errors
with its own pages and headers. The CSRF cookie is still Django's CsrfViewMiddleware's work
(its process_request and process_response); the CSP nonce is new for each request, in the header
and the page alike; a time in a header (the form's Expires) keeps its distance from now.
tests/welltopia/test_page_shortcut.py compares the two ways, header by header and byte by byte.
"""

import math
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.csp import LazyNonce
from django.utils.http import http_date, parse_http_date_safe

from welltopia.page_cache import NONCE, SharedPage, Stored, placeholder, servable

_NONCE_SLOT = placeholder(NONCE)
_TIMED = "Expires"


class _Kind(NamedTuple):
    """What makes two requests get the same answer from the stack (beyond what `_kind` requires)."""

    scheme: str
    host: str
    path: str
    gzip: bool
    new_csrf_cookie: bool  # the one it sent is not well formed


@dataclass(frozen=True)
class _Answer:
    page: SharedPage
    version: Hashable
    stored: Stored
    headers: tuple[tuple[str, str], ...]  # as the stack sent them, the nonce as a slot
    gzip: bool
    expires_in: int | None  # seconds from now, when the stack sent an Expires


class KeptPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse], limit: int = 500) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)
        self.limit = limit
        self._answers: dict[_Kind, _Answer] = {}
        self._lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kind = self._kind(request)
        if kind is None:
            return self.get_response(request)
        answer = self._answers.get(kind)
        if answer is not None and (response := self._answer(request, answer)) is not None:
            return response
        response = self.get_response(request)
        self._record(kind, request, response)
        return response

    def _kind(self, request: HttpRequest) -> _Kind | None:
        if (
            not servable(request)
            or not set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
            or request.META.get("CONTENT_LENGTH") not in (None, "", "0")
            or "HTTP_TRANSFER_ENCODING" in request.META
            or settings.DISALLOWED_USER_AGENTS  # CommonMiddleware reads the User-Agent then
            or settings.CSRF_USE_SESSIONS
        ):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the stack answers 400
        self.csrf.process_request(request)  # reads the CSRF cookie, as the stack would
        return _Kind(
            scheme=request.scheme,
            host=host,
            path=request.path,
            gzip=bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))),
            new_csrf_cookie=bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")),
        )

    def _answer(self, request: HttpRequest, answer: _Answer) -> HttpResponse | None:
        page = answer.page
        try:
            if page.version() != answer.version:
                return None  # rendered again and recorded again by the stack
            page.check()
        except Exception:  # the stack runs the same again, and answers it with its own page
            return None
        request._csp_nonce = LazyNonce()
        content, values = answer.stored.filled(request, page.fills)
        body = answer.stored.gzipped(content, values) if answer.gzip else content
        nonce = str(request._csp_nonce)
        headers = {name: value.replace(_NONCE_SLOT, nonce) for name, value in answer.headers}
        headers["Content-Length"] = str(len(body))
        if answer.expires_in is not None:
            headers[_TIMED] = http_date(time.time() + answer.expires_in)
        return self.csrf.process_response(request, HttpResponse(body, headers=headers))

    def _record(self, kind: _Kind, request: HttpRequest, response: HttpResponse) -> None:
        kept = getattr(response, "kept", None)
        if (
            kept is None
            or response.status_code != 200
            or response.streaming
            or not set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        ):
            return
        if response.content != (
            kept.stored.gzipped(kept.content, kept.values) if kind.gzip else kept.content
        ):
            return  # something on the way out changed the page: the short way would not
        nonce = getattr(request, "_csp_nonce", None)
        headers = tuple(
            (name, value.replace(str(nonce), _NONCE_SLOT) if nonce else value)
            for name, value in response.headers.items()
        )
        expires = parse_http_date_safe(response.get(_TIMED, ""))
        answer = _Answer(
            page=kept.page,
            version=kept.version,
            stored=kept.stored,
            headers=headers,
            gzip=kind.gzip,
            expires_in=None if expires is None else math.ceil(expires - time.time()),
        )
        with self._lock:
            if len(self._answers) >= self.limit:
                self._answers = {}
            self._answers[kind] = answer
