"""gunicorn's logger for the site: every line it writes names the path alone.

Staff search the queue by patient name, and the admin keeps that search in the query string
(`?q=<name>`, `_changelist_filters=…`) and so in the Referer of the next page; a patient's
private status page carries its access token in the path. gunicorn's default access line writes
the whole request line and the Referer, and its error log writes the request URI when a request
fails. This logger (set in deploy/gunicorn.conf.py) drops every query string, replaces status
tokens, and offers no request header or environment value to the access-log format except the
few listed, whatever format an operator chooses.

It is loaded by gunicorn's master process before Django, so it imports nothing from Django.
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

_QUERY_STRING = re.compile(r"\?[^\s\"']*")
_STATUS_TOKEN = re.compile(r"(/status/)[^/\s\"'?]+")
REDACTED = "…"
# Request headers an operator may put in the access-log format, e.g. %({x-request-id}i)s.
ALLOWED_HEADER_ATOMS = frozenset({"{x-request-id}i"})


def private_text(text: str) -> str:
    """`text` with every query string removed and every status-page token replaced."""
    return _STATUS_TOKEN.sub(rf"\g<1>{REDACTED}", _QUERY_STRING.sub("", text))


class _PrivateRecords(logging.Filter):
    """Rewrites each error-log record (message and traceback) before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = private_text(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = private_text(logging.Formatter().formatException(record.exc_info))
        return True


class PrivateLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(existing, _PrivateRecords) for existing in self.error_log.filters):
            self.error_log.addFilter(_PrivateRecords())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = {
            key: value
            for key, value in super().atoms(resp, req, environ, request_time).items()
            if not key.startswith("{") or key in ALLOWED_HEADER_ATOMS
        }
        path = private_text(environ.get("PATH_INFO") or "")
        atoms.update(
            {
                "U": path,
                "r": f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}",
                "q": "",
                "f": private_text(environ.get("HTTP_REFERER", "-")),
            }
        )
        return atoms
