"""What a patient has typed so far, kept between two pages when JavaScript is off.

Without JavaScript, "Add another medicine" has to send the form to the server. Answering that
post with a page would leave a posted page in the browser's history (Back shows "Confirm form
resubmission"); instead the answers are kept in the visitor's session and the form comes back
from a plain GET. Nothing is kept for anyone else: the draft lives in this visitor's session only
(never in a URL, a log or the page cache), is dropped as soon as the form is sent, and goes with
the session when it ends (SESSION_IDLE_MINUTES idle; `manage.py clearsessions` removes old ones).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, QueryDict

SESSION_KEY = "intake_draft"
# Never kept: the CSRF token (the page gets a fresh one), the honeypot, the button.
NOT_KEPT = {"csrfmiddlewaretoken", "website", "add_medicine"}


@dataclass(frozen=True)
class Draft:
    data: QueryDict
    new_row: int | None


def save(request: HttpRequest, data: QueryDict) -> int:
    """Keep what was typed; return the index of the last medicine row (the one just added)."""
    kept = {key: data.getlist(key) for key in data if key not in NOT_KEPT}
    new_row = int(data.get("medicines-TOTAL_FORMS", "1")) - 1
    request.session[SESSION_KEY] = {"data": kept, "new_row": new_row}
    return new_row


def load(request: HttpRequest) -> Draft | None:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None  # no session at all: the empty form, without touching the session store
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    data = QueryDict(mutable=True)
    for key, values in stored["data"].items():
        data.setlist(key, values)
    return Draft(data, stored.get("new_row"))


def forget(request: HttpRequest) -> None:
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        request.session.pop(SESSION_KEY, None)
