"""Calendar data (RFC 5545): the patient's invitation, its cancellation, and each clinician's feed.

The patient's invitation. One UID per booking — `WT-…@host` for a request's first booking,
`WT-…-2@host` for the one made after a cancellation — so a cancelled event is never brought
back by a later booking. SEQUENCE goes up on every change of that booking (a new time, a
cancellation), so calendar programs replace the event they have, and ignore an older message
that arrives late. A cancellation is METHOD:CANCEL with STATUS:CANCELLED and the next SEQUENCE.
No health detail goes in it: calendars are shared and synced to work accounts.

The clinician's feed: their bookings, each by reference and type only (never a name or a health
detail), with a link to the request in the admin.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event, vCalAddress

from intake import bookings
from intake.bookings import video_link
from intake.models import Booking, Clinician, ConsultationRequest
from welltopia import clinic_time

PRODID = "-//Welltopia//LDN consultations//EN"
FEED_PRODID = "-//Welltopia//Consultations//EN"  # a clinician's calendar names no treatment
FEED_PAST = datetime.timedelta(days=30)  # how far back a clinician's feed goes


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1] or "welltopia"


def event_uid(booking: Booking) -> str:
    suffix = "" if booking.number <= 1 else f"-{booking.number}"
    return f"{booking.request.reference}{suffix}@{_host()}"


def _calendar(method: str | None = None, prodid: str = PRODID) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _timed(event: Event, booking: Booking) -> None:
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", clinic_time.local(booking.starts_at))
    event.add("dtend", clinic_time.local(booking.ends_at))
    event.add("sequence", booking.sequence)


def invitation(
    booking: Booking | ConsultationRequest, status_url: str, *, cancel: bool | None = None
) -> bytes:
    """The patient's calendar invitation for a booking (METHOD:REQUEST), or its cancellation.

    Given a request, the invitation its patient's calendar holds now (staff download it from the
    request's page): its active booking's, or the cancellation of its last one.
    """
    if isinstance(booking, ConsultationRequest):
        booking = bookings.for_calendar(booking)
    if cancel is None:
        cancel = booking.status == Booking.Status.CANCELLED
    reference = booking.request.reference
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", event_uid(booking))
    _timed(event, booking)
    event.add("summary", str(_("Welltopia consultation (%(reference)s)") % {"reference": reference}))
    how = str(booking.get_consultation_type_display()).lower()
    lines = [str(_("Your Welltopia consultation, by %(how)s.") % {"how": how})]
    if booking.clinician:
        lines.append(str(_("With %(clinician)s.") % {"clinician": booking.clinician.display_name}))
    link = video_link(booking)
    if link and not cancel:
        lines.append(str(_("Join the video call: %(link)s") % {"link": link}))
        event.add("location", link)
        event.add("url", link)
    lines.append(
        str(
            _("Reference %(reference)s. Details and changes: %(url)s")
            % {"reference": reference, "url": status_url}
        )
    )
    event.add("description", " ".join(lines))
    organizer = vCalAddress(f"mailto:{settings.CLINIC_CONTACT_EMAIL}")
    organizer.params["cn"] = "Welltopia"
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_bookings(clinician: Clinician, now: datetime.datetime) -> list[Booking]:
    """What a clinician's feed lists: their bookings from 30 days ago on that kept their time."""
    return list(
        Booking.objects.filter(clinician=clinician, starts_at__gte=now - FEED_PAST)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("request", "clinician")
        .order_by("starts_at")
    )


def feed(clinician: Clinician, bookings: list[Booking], request_url) -> bytes:
    """A clinician's subscription calendar: reference and type only, a link to the request for staff."""
    calendar = _calendar("PUBLISH", FEED_PRODID)
    calendar.add("x-wr-calname", f"Welltopia: {clinician.display_name}")
    calendar.add("x-wr-timezone", settings.CLINIC_TIME_ZONE)
    # Subscribed calendars look again about this often (Google and Outlook choose their own).
    calendar.add("refresh-interval", datetime.timedelta(minutes=30), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT30M")
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{_host()}")
        _timed(event, booking)
        reference = booking.request.reference
        how = booking.get_consultation_type_display()
        status = {
            Booking.Status.COMPLETED: " — completed",
            Booking.Status.NO_SHOW: " — did not attend",
        }.get(booking.status, "")
        event.add("summary", f"{reference} ({how}){status}")
        lines = [f"Consultation {reference}, {how.lower()}.", f"Request: {request_url(booking)}"]
        link = video_link(booking)
        if link:
            lines.insert(1, f"Video: {link}")
            event.add("location", link)
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
