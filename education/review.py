"""When an education page is next due for review: a year after it was last reviewed.

The one rule for the page footer, the admin column and the admin's "due for review" filter.
"Today" is always the clinic's date (welltopia.clinic_time), never the server's.
"""

import datetime

from welltopia import clinic_time

REVIEW_EVERY_YEARS = 1


def next_review_due(last_reviewed: datetime.date) -> datetime.date:
    """The same day a year on; a page reviewed on 29 February is next due on 1 March."""
    try:
        return last_reviewed.replace(year=last_reviewed.year + REVIEW_EVERY_YEARS)
    except ValueError:
        return datetime.date(last_reviewed.year + REVIEW_EVERY_YEARS, 3, 1)


def due_if_reviewed_on_or_before(today: datetime.date | None = None) -> datetime.date:
    """The latest last-reviewed date whose review is due by `today` (the clinic's today).

    next_review_due() never decreases, so a page is due exactly when it was last reviewed on or
    before this day: a year back, or 28 February when today is 29 February.
    """
    today = today or clinic_time.today()
    try:
        return today.replace(year=today.year - REVIEW_EVERY_YEARS)
    except ValueError:
        return datetime.date(today.year - REVIEW_EVERY_YEARS, 2, 28)


def is_due(last_reviewed: datetime.date, today: datetime.date | None = None) -> bool:
    return next_review_due(last_reviewed) <= (today or clinic_time.today())
