"""What the patient's pages show about booking: the open times in their zone, a week at a time, and
their booked consultation. The views (intake/views.py, intake/booking_views.py) only display this;
intake/workflow decides what the patient may do.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake import bookings, slots, time_zones, workflow
from intake.models import Booking, BookingInvitation, ConsultationRequest
from welltopia import clinic_time

SLOT_CODE = "%Y%m%dT%H%MZ"  # a start in UTC, as it appears in a URL: 20261208T1430Z
DAYS_PER_PAGE = 7


def slot_code(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(SLOT_CODE)


def parse_slot_code(code: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(code, SLOT_CODE).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


@dataclass
class Time:
    """One offered time as the patient sees it: a link to confirm it."""

    starts_at: datetime.datetime
    local: datetime.datetime
    url: str


@dataclass
class Day:
    date: datetime.date
    times: list[Time]


@dataclass
class Listing:
    """One page of open times: up to a week of days, in the patient's zone, with links to the others."""

    days: list[Day]
    zone: str
    zone_label: str
    zone_choices: list[tuple[str, str]]
    earlier_url: str
    later_url: str
    weeks_ahead: int
    any_times: bool


def patient_zone(consultation: ConsultationRequest, query: QueryDict, booking: Booking | None = None) -> str:
    """The zone the patient asked for (?zone=…), else the one they booked in, else their state's."""
    asked = query.get("zone")
    if asked in time_zones.LABELS:
        return asked
    if booking is not None and booking.time_zone:
        return booking.time_zone
    return time_zones.for_state(consultation.state)


def _page_number(query: QueryDict) -> int:
    try:
        return max(0, int(query.get("week", "0")))
    except ValueError:
        return 0


def listing(
    consultation: ConsultationRequest,
    invitation: BookingInvitation,
    *,
    zone: str,
    query: QueryDict,
    here: str,
    ignoring: Booking | None = None,
    now: datetime.datetime | None = None,
) -> Listing:
    """The open times of the invitation, a week per page, each linking to its confirmation page."""
    tz = time_zones.zone(zone)
    offered = slots.for_invitation(invitation, now=now, ignoring=ignoring)
    days = slots.by_day(offered, tz)
    page = _page_number(query)
    start = days[0][0] + datetime.timedelta(days=DAYS_PER_PAGE * page) if days else None
    shown = [
        (day, day_slots)
        for day, day_slots in days
        if start is not None and start <= day < start + datetime.timedelta(days=DAYS_PER_PAGE)
    ]
    token = consultation.status_token

    def choose(slot: slots.Slot) -> str:
        url = reverse("intake:booking_choose", args=[token, slot_code(slot.starts_at)])
        return f"{url}?{urlencode({'zone': zone})}"

    def page_url(number: int) -> str:
        return f"{here}?{urlencode({'zone': zone, 'week': number})}#times"

    later = start is not None and any(
        day >= start + datetime.timedelta(days=DAYS_PER_PAGE) for day, _ in days
    )
    return Listing(
        days=[
            Day(
                day, [Time(slot.starts_at, slot.starts_at.astimezone(tz), choose(slot)) for slot in day_slots]
            )
            for day, day_slots in shown
        ],
        zone=zone,
        zone_label=time_zones.label(zone),
        zone_choices=[(name, str(label)) for name, label in time_zones.ZONES],
        earlier_url=page_url(page - 1) if page > 0 and days else "",
        later_url=page_url(page + 1) if later else "",
        weeks_ahead=settings.BOOKING_WEEKS_AHEAD,
        any_times=bool(days),
    )


def booked(booking: Booking, zone: str) -> dict[str, object]:
    """The booked consultation as the patient reads it: in their zone, with the clinic's time beside."""
    local = booking.starts_at.astimezone(time_zones.zone(zone))
    clinic = clinic_time.local(booking.starts_at)
    return {
        "booking": booking,
        "booked_local": local,
        "booked_zone_label": time_zones.label(zone),
        "booked_clinic_local": clinic if local.utcoffset() != clinic.utcoffset() else None,
        "changes_close_local": workflow.changes_close_at(booking).astimezone(time_zones.zone(zone)),
        "video_link": bookings.video_link(booking),
    }


def status_context(consultation: ConsultationRequest, query: QueryDict, here: str) -> dict[str, object]:
    """The booking part of the status page: the times to choose from, or the booked consultation."""
    invitation = workflow.open_invitation(consultation)
    booking = (
        bookings.current(consultation)
        if consultation.status == ConsultationRequest.Status.SCHEDULED
        else None
    )
    now = timezone.now()
    options = workflow.patient_available(consultation, booking, invitation, now)
    zone = patient_zone(consultation, query, booking)
    context: dict[str, object] = {
        **options,
        "invitation": invitation,
        "cutoff_hours": settings.BOOKING_CUTOFF_HOURS,
    }
    if options["can_book"]:
        context["listing"] = listing(consultation, invitation, zone=zone, query=query, here=here, now=now)
    if booking is not None:
        # A time the patient chose is shown in the zone they chose it in; one staff set, in the clinic's.
        context.update(booked(booking, booking.time_zone or settings.CLINIC_TIME_ZONE))
        if booking.time_zone:
            local = booking.starts_at.astimezone(time_zones.zone(booking.time_zone))
            context["scheduled_local"] = local
            context["clinic_time_zone_label"] = _("%(zone)s, your time zone") % {"zone": local.tzname()}
    return context
