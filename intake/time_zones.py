"""The patient's time zone: guessed from their state, changed by them, shown in words they know.

Times the clinic offers are decided in the clinic's zone (welltopia/clinic_time.py) and shown to
a patient in theirs. A state that spans two zones (Florida, Texas, Tennessee…) starts at the zone
most of its people use; the patient can pick another from the US zones below.
"""

import zoneinfo
from functools import cache

from django.utils.translation import gettext_lazy as _

EASTERN = "America/New_York"
CENTRAL = "America/Chicago"
MOUNTAIN = "America/Denver"
ARIZONA = "America/Phoenix"
PACIFIC = "America/Los_Angeles"
ALASKA = "America/Anchorage"
HAWAII = "Pacific/Honolulu"

ZONES = [
    (EASTERN, _("Eastern time (New York, Miami)")),
    (CENTRAL, _("Central time (Chicago, Houston)")),
    (MOUNTAIN, _("Mountain time (Denver, Salt Lake City)")),
    (ARIZONA, _("Arizona time (Phoenix, no daylight saving)")),
    (PACIFIC, _("Pacific time (Los Angeles, Seattle)")),
    (ALASKA, _("Alaska time (Anchorage)")),
    (HAWAII, _("Hawaii time (Honolulu)")),
]
LABELS = dict(ZONES)

# The zone most of each state's people live in.
STATE_ZONES = {
    "AL": CENTRAL, "AK": ALASKA, "AZ": ARIZONA, "AR": CENTRAL, "CA": PACIFIC, "CO": MOUNTAIN,
    "CT": EASTERN, "DE": EASTERN, "DC": EASTERN, "FL": EASTERN, "GA": EASTERN, "HI": HAWAII,
    "ID": MOUNTAIN, "IL": CENTRAL, "IN": EASTERN, "IA": CENTRAL, "KS": CENTRAL, "KY": EASTERN,
    "LA": CENTRAL, "ME": EASTERN, "MD": EASTERN, "MA": EASTERN, "MI": EASTERN, "MN": CENTRAL,
    "MS": CENTRAL, "MO": CENTRAL, "MT": MOUNTAIN, "NE": CENTRAL, "NV": PACIFIC, "NH": EASTERN,
    "NJ": EASTERN, "NM": MOUNTAIN, "NY": EASTERN, "NC": EASTERN, "ND": CENTRAL, "OH": EASTERN,
    "OK": CENTRAL, "OR": PACIFIC, "PA": EASTERN, "RI": EASTERN, "SC": EASTERN, "SD": CENTRAL,
    "TN": CENTRAL, "TX": CENTRAL, "UT": MOUNTAIN, "VT": EASTERN, "VA": EASTERN, "WA": PACIFIC,
    "WV": EASTERN, "WI": CENTRAL, "WY": MOUNTAIN,
}  # fmt: skip


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def for_state(state: str) -> str:
    return STATE_ZONES.get(state, EASTERN)


def chosen(value: str | None, state: str) -> str:
    """The zone the patient asked for, if it is one we offer; else their state's."""
    return value if value in LABELS else for_state(state)


def label(name: str) -> str:
    return str(LABELS.get(name, name))
