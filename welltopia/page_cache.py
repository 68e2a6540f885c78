"""Pages that are the same for every visitor, rendered once per process and version.

An education page, the hub, the home page and the empty consultation form are the same for every
anonymous visitor but for a few per-request values: the CSRF token, the form's one-time token,
the CSP nonce. Rendering them through the template engine on every request was most of their
cost, so the first request renders the page as usual, with a placeholder ("slot") where each
per-request value goes, and later requests copy the stored page and fill the slots in.

The gzip form is made once too. The text between the slots is compressed once, piece by piece
(each piece a complete raw-deflate run ending on a byte boundary), and each request's values go
in between as they are, in deflate's uncompressed "stored" blocks: a valid gzip stream in which
a secret is never compressed, alone or with other text, so its length on the wire tells nothing
about it (BREACH; README, Performance). welltopia.middleware.CompressionMiddleware decides whether a
response goes out compressed; this module only prepares the bytes.

A response served from the store says what it was made of (`response.kept`), so that
welltopia/page_shortcut.py can answer the next request like it ahead of the middleware stack.

Never stale, never someone else's:
- `version()` names what the page is built from (the education pages' generation, which an
  editor's save moves; the medicine catalog's version). A page of another version is dropped.
- Only GET and HEAD without a query string, from a visitor with no session and no messages
  cookie, are served from the store: staff, or a visitor with a message waiting, get the page
  rendered for them.
- Only a 200 HTML response that sets no cookie is stored, with its headers. A nonce the page
  used becomes a slot; a CSRF token the page used without a slot means it is not stored.
"""

import struct
import threading
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

Fill = Callable[[HttpRequest], str]

NONCE = "nonce"
# Placeholders: letters only, so no escaping changes them, and long enough never to occur by chance.
_PLACEHOLDER = "welltopiaslot{}xq7vz3kp"
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
_DEFLATE_END = b"\x03\x00"  # an empty final block


def _deflate(data: bytes, level: int = 6) -> bytes:
    """`data` as raw deflate that later pieces can follow: no final block, ends on a byte boundary."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _stored(data: bytes) -> bytes:
    """`data` as deflate "stored" blocks: not compressed at all (RFC 1951, 3.2.4), so a secret's
    length on the wire is its length, whatever text is around it. Cheaper than compressing, too."""
    blocks = bytearray()
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks += b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk
    return bytes(blocks)


def placeholder(slot: str) -> str:
    return _PLACEHOLDER.format(slot)


def csrf_token(request: HttpRequest) -> str:
    """The request's CSRF token (and the cookie it needs), as {% csrf_token %} gives it."""
    return get_token(request)


@dataclass(frozen=True)
class Stored:
    """One page as kept: its text around the slots, as it is and compressed, and the view's headers."""

    pieces: tuple[bytes, ...]  # the page's text between the slots: one more than slots
    slots: tuple[str, ...]
    deflated: tuple[bytes, ...]  # each piece compressed on its own
    headers: tuple[tuple[str, str], ...]

    def filled(self, request: HttpRequest, fills: dict[str, Fill]) -> tuple[bytes, list[bytes]]:
        """The page with this request's values in its slots, and those values."""
        values = [fills[slot](request).encode() for slot in self.slots]
        body = bytearray(self.pieces[0])
        for value, piece in zip(values, self.pieces[1:], strict=True):
            body += value
            body += piece
        return bytes(body), values

    def response(self, content: bytes, values: list[bytes]) -> HttpResponse:
        """The response for the page `filled` gave, with the view's headers."""
        response = HttpResponse(content)
        for name, value in self.headers:
            response.headers[name] = value
        # Only while the body is still this page (no middleware rewrote it since).
        response.gzipped = lambda: self.gzipped(content, values) if response.content == content else None
        return response

    def gzipped(self, body: bytes, values: list[bytes]) -> bytes:
        """`body` (this page filled with `values`) as gzip, each value in stored blocks."""
        stream = bytearray(_GZIP_HEADER)
        stream += self.deflated[0]
        for value, deflated in zip(values, self.deflated[1:], strict=True):
            stream += _stored(value)
            stream += deflated
        stream += _DEFLATE_END
        stream += struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
        return bytes(stream)


@dataclass(frozen=True)
class Kept:
    """What a response served from the store was made of (welltopia/page_shortcut.py records it)."""

    page: "SharedPage"
    version: Hashable
    stored: Stored
    content: bytes  # the page as this request got it, uncompressed
    values: list[bytes]


def servable(request: HttpRequest) -> bool:
    """Whether a request may get the page everyone gets (see the module's docstring)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


class SharedPage:
    """One kind of page (a view) kept rendered: at most `limit` entries, all of one version."""

    def __init__(
        self,
        version: Callable[[], Hashable],
        fills: dict[str, Fill] | None = None,
        limit: int = 200,
        check: Callable[[], None] | None = None,
    ):
        self.version = version
        # Run before every serving, from the store or not; raises when the page must not be shown.
        self.check = check or (lambda: None)
        self.fills = {**(fills or {}), NONCE: lambda request: str(request._csp_nonce)}
        self.limit = limit
        self._entries: dict[Hashable, Stored] = {}
        self._version: Hashable = None
        self._lock = threading.Lock()

    def serve(self, request: HttpRequest, render: Callable[[dict[str, str]], HttpResponse]) -> HttpResponse:
        """The page for this request; `render(placeholders)` renders it with each slot's placeholder."""
        self.check()
        if not servable(request):
            return render({slot: fill(request) for slot, fill in self.fills.items() if slot != NONCE})
        version = self.version()
        key = (version, request.scheme, request.get_host(), request.path, get_language())
        stored = self._entries.get(key)
        if stored is None:
            placeholders = {slot: placeholder(slot) for slot in self.fills if slot != NONCE}
            response = render(placeholders)
            stored = self._store(request, response, version, key)
            if stored is None:  # not the same for everyone after all: this request's values go in
                return _filled(response, {slot: self.fills[slot](request) for slot in placeholders})
        content, values = stored.filled(request, self.fills)
        response = stored.response(content, values)
        response.kept = Kept(self, version, stored, content, values)
        return response

    def _store(
        self, request: HttpRequest, response: HttpResponse, version: Hashable, key: Hashable
    ) -> Stored | None:
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return None
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return None  # a CSRF token went into the page without a slot
        text = response.content.decode(response.charset)
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:  # the page used this request's nonce: it becomes a slot
            text = text.replace(str(nonce), placeholder(NONCE))
        pieces, slots = _split(text, self.fills)
        stored = Stored(
            pieces=tuple(piece.encode() for piece in pieces),
            slots=tuple(slots),
            deflated=tuple(_deflate(piece.encode()) for piece in pieces),
            headers=tuple(
                (name, value) for name, value in response.headers.items() if name != "Content-Length"
            ),
        )
        with self._lock:
            if version != self._version or len(self._entries) >= self.limit:
                self._entries = {}
                self._version = version
            self._entries[key] = stored
        return stored


def _split(text: str, fills: dict[str, Fill]) -> tuple[list[str], list[str]]:
    """The text between the placeholders, and which slot each placeholder is, in page order."""
    marks = sorted((position, slot) for slot in fills for position in _positions(text, placeholder(slot)))
    pieces, slots, start = [], [], 0
    for position, slot in marks:
        pieces.append(text[start:position])
        slots.append(slot)
        start = position + len(placeholder(slot))
    pieces.append(text[start:])
    return pieces, slots


def _positions(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + len(needle))
    return found


def _filled(response: HttpResponse, values: dict[str, str]) -> HttpResponse:
    text = response.content.decode(response.charset)
    for slot, value in values.items():
        text = text.replace(placeholder(slot), value)
    response.content = text.encode(response.charset)
    return response


def shared_page(version: Callable[[], Hashable]) -> Callable:
    """A view whose page is the same for everyone (no per-request values but the nonce)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        page = SharedPage(version)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            return page.serve(request, lambda _placeholders: view(request, *args, **kwargs))

        return wrapper

    return decorator
