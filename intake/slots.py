"""Open slots: the times a clinician can still be booked, derived from their hours and their bookings.

For each clinic date from BOOKING_CUTOFF_HOURS ahead to BOOKING_WEEKS_AHEAD weeks: the weekly
hours of that weekday, less any time off, plus any extra hours, as moments (clinic wall-clock
times read on that date, welltopia/clinic_time.py). Within each stretch, a consultation starts
every length + buffer (in real minutes, so a stretch across a daylight-saving change holds
exactly as many consultations as it has real time for), as long as the consultation ends
by the stretch's end and its held time overlaps no booking of the same clinician.

Nothing is stored: slots are derived on every look, so a new booking, a day off or new hours
change them at once. The database's exclusion constraint (migration 0009) has the last word.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from intake.models import AvailabilityException, Booking, BookingInvitation, Clinician, License, WeeklyHours
from welltopia import clinic_time

Stretch = tuple[datetime.datetime, datetime.datetime]
PREFETCHED = ("hours_for_slots", "exceptions_for_slots", "licenses_for_slots")


@dataclass(frozen=True)
class Slot:
    clinician: Clinician
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    blocked_until: datetime.datetime


def cutoff() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.BOOKING_CUTOFF_HOURS)


def earliest_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """The first moment a patient may book: BOOKING_CUTOFF_HOURS from now."""
    return (now or timezone.now()) + cutoff()


def offered_days(now: datetime.datetime | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last clinic dates whose times are offered."""
    now = now or timezone.now()
    first = clinic_time.local(earliest_start(now)).date()
    last = clinic_time.local(now).date() + datetime.timedelta(weeks=settings.BOOKING_WEEKS_AHEAD)
    return first, last


def clinicians_for(invitation: BookingInvitation, on: datetime.date | None = None) -> list[Clinician]:
    """Who the invitation offers: its clinician, or every bookable one licensed for the patient's state."""
    state = invitation.request.state
    candidates = Clinician.objects.bookable()
    if invitation.clinician_id:
        candidates = candidates.filter(pk=invitation.clinician_id)
    return list(candidates.licensed_in(state, on or clinic_time.today()))


def open_slots(
    clinicians: Iterable[Clinician], *, state: str, now: datetime.datetime | None = None
) -> list[Slot]:
    """Every open slot of these clinicians, licensed for `state` on its date, in time order.

    Five queries however many clinicians, days and bookings (hours, exceptions, licenses, bookings).
    """
    now = now or timezone.now()
    first, last = offered_days(now)
    earliest = earliest_start(now)
    chosen = list(clinicians)
    pks = [clinician.pk for clinician in chosen]
    for clinician in chosen:  # fetched afresh for this state and these days, even for a clinician seen before
        for attribute in PREFETCHED:
            clinician.__dict__.pop(attribute, None)
    prefetch_related_objects(
        chosen,
        Prefetch("weekly_hours", queryset=WeeklyHours.objects.all(), to_attr="hours_for_slots"),
        Prefetch(
            "exceptions",
            queryset=AvailabilityException.objects.filter(first_day__lte=last).filter(
                Q(last_day__gte=first) | Q(last_day__isnull=True, first_day__gte=first)
            ),
            to_attr="exceptions_for_slots",
        ),
        Prefetch("licenses", queryset=License.objects.filter(state=state), to_attr="licenses_for_slots"),
    )
    held = _held_times(pks, clinic_time.at(first, datetime.time()), clinic_time.at(last, datetime.time.max))
    found: list[Slot] = []
    for clinician in chosen:
        licensed_until = _licensed_until(clinician)
        if licensed_until is False:
            continue
        day = first
        while day <= last and (licensed_until is None or day <= licensed_until):
            for start, end in stretches(day, clinician.hours_for_slots, clinician.exceptions_for_slots):
                found.extend(_slots_in(clinician, start, end, earliest, held[clinician.pk]))
            day += datetime.timedelta(days=1)
    found.sort(key=lambda slot: (slot.starts_at, slot.clinician.display_name, slot.clinician.pk))
    return found


def for_invitation(
    invitation: BookingInvitation, *, now: datetime.datetime | None = None, ignoring: Booking | None = None
) -> list[Slot]:
    """The open slots an invitation offers, less the patient's own current time (`ignoring`)."""
    slots = open_slots(clinicians_for(invitation), state=invitation.request.state, now=now)
    if ignoring is not None:
        slots = [slot for slot in slots if slot.starts_at != ignoring.starts_at]
    return slots


def stretches(
    day: datetime.date, hours: Iterable[WeeklyHours], exceptions: Iterable[AvailabilityException]
) -> list[Stretch]:
    """A clinician's working stretches on a clinic date, as moments: weekly hours, less time off, plus extra hours.

    Extra hours win over time off on the same day ("off all week, but Saturday 10 to 12").
    """
    weekly = [
        (clinic_time.at(day, item.starts), clinic_time.at(day, item.ends))
        for item in hours
        if item.weekday == day.weekday()
    ]
    todays = [item for item in exceptions if item.first_day <= day <= item.until]
    for off in (item for item in todays if item.kind == AvailabilityException.Kind.OFF):
        if off.starts is None:
            weekly = []
        else:
            weekly = _subtract(weekly, (clinic_time.at(day, off.starts), clinic_time.at(day, off.ends)))
    extra = [
        (clinic_time.at(day, item.starts), clinic_time.at(day, item.ends))
        for item in todays
        if item.kind == AvailabilityException.Kind.EXTRA
    ]
    return _merge(weekly + extra)


def by_day(slots: Iterable[Slot], zone: datetime.tzinfo) -> list[tuple[datetime.date, list[Slot]]]:
    """One slot per start time (the first clinician free then), grouped by the date in `zone`."""
    days: dict[datetime.date, list[Slot]] = defaultdict(list)
    seen: set[datetime.datetime] = set()
    for slot in slots:
        if slot.starts_at in seen:
            continue
        seen.add(slot.starts_at)
        days[slot.starts_at.astimezone(zone).date()].append(slot)
    return sorted(days.items())


# --------------------------------------------------------------------------------- the parts


def _licensed_until(clinician: Clinician) -> datetime.date | bool | None:
    """The last date the clinician's license for the state is valid (None: no end), False: none."""
    licenses = clinician.licenses_for_slots
    if not licenses:
        return False
    return licenses[0].expires_on


def _held_times(
    clinician_pks: list[int], start: datetime.datetime, end: datetime.datetime
) -> dict[int, list[Stretch]]:
    """Each clinician's held times in the window, merged and in order."""
    held: dict[int, list[Stretch]] = defaultdict(list)
    bookings = (
        Booking.objects.holding_time()
        .filter(clinician__in=clinician_pks, starts_at__lt=end, blocked_until__gt=start)
        .order_by("starts_at")
        .values_list("clinician_id", "starts_at", "blocked_until")
    )
    for clinician_pk, starts_at, blocked_until in bookings:
        held[clinician_pk].append((starts_at, blocked_until))
    return {pk: _merge(times) for pk, times in held.items()} | {
        pk: [] for pk in clinician_pks if pk not in held
    }


def _slots_in(
    clinician: Clinician,
    start: datetime.datetime,
    end: datetime.datetime,
    earliest: datetime.datetime,
    held: list[Stretch],
) -> list[Slot]:
    found = []
    step = clinician.length + clinician.buffer
    starts = [item[0] for item in held]
    moment = start.astimezone(datetime.UTC)
    end = end.astimezone(datetime.UTC)
    while moment + clinician.length <= end:
        blocked_until = moment + step
        if moment >= earliest and not _overlaps(held, starts, moment, blocked_until):
            found.append(Slot(clinician, moment, moment + clinician.length, blocked_until))
        moment += step
    return found


def _overlaps(held: list[Stretch], starts: list[datetime.datetime], start, until) -> bool:
    """Whether [start, until) meets any of the merged, ordered held times."""
    index = bisect.bisect_left(starts, until)
    return index > 0 and held[index - 1][1] > start


def _merge(stretches: list[Stretch]) -> list[Stretch]:
    merged: list[Stretch] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _subtract(stretches: list[Stretch], gap: Stretch) -> list[Stretch]:
    left = []
    for start, end in stretches:
        if gap[1] <= start or gap[0] >= end:
            left.append((start, end))
            continue
        if start < gap[0]:
            left.append((start, gap[0]))
        if gap[1] < end:
            left.append((gap[1], end))
    return left
