"""The clinic's clock: every "today", date and hour the site decides is taken in the clinic's zone.

Times are stored in UTC. Whenever a rule needs a calendar date (a patient's age, "a year in
the future", a page's review date) or a wall-clock time (a consultation at 2:30 PM), it asks
this module, so the answer never depends on the zone of the machine, the database or the
process. CLINIC_TIME_ZONE is the one setting that decides.
"""

import datetime
import zoneinfo
from functools import cache

from django.conf import settings
from django.utils import timezone


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def zone() -> zoneinfo.ZoneInfo:
    return _zone(settings.CLINIC_TIME_ZONE)


def now() -> datetime.datetime:
    """The current moment, as a wall-clock time in the clinic's zone."""
    return timezone.now().astimezone(zone())


def today() -> datetime.date:
    """The date it is now at the clinic (not in UTC, not on the server)."""
    return now().date()


def local(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment shown on the clinic's clock."""
    return moment.astimezone(zone())


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a clinic wall-clock date and time names (2:30 PM on a given day, clinic time).

    On the night clocks go back, a time that happens twice means the first of the two; on the
    night they go forward, a time that never happens is read as the same time before the jump.
    """
    return datetime.datetime.combine(day, time, tzinfo=zone())


def zone_label(moment: datetime.datetime) -> str:
    """'EST' or 'EDT': the abbreviation in force at that moment at the clinic."""
    return local(moment).tzname() or settings.CLINIC_TIME_ZONE


def age(born: datetime.date, on: datetime.date | None = None) -> int:
    """Whole years since `born`, on the clinic's date (or `on`)."""
    day = on or today()
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
