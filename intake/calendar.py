"""The calendar invitation (RFC 5545) sent when a consultation is scheduled or moved.

The UID stays the same for a request, and SEQUENCE goes up on each reschedule, so calendar
programs update the event instead of adding a second one. No health detail goes in it.
"""

import datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

from intake.models import ConsultationRequest
from welltopia import clinic_time

DURATION = datetime.timedelta(minutes=30)


def event_uid(consultation: ConsultationRequest) -> str:
    host = settings.SITE_URL.split("://", 1)[-1] or "welltopia"
    return f"{consultation.reference}@{host}"


def invitation(consultation: ConsultationRequest, status_url: str) -> bytes:
    start = clinic_time.local(consultation.scheduled_at)
    calendar = Calendar()
    calendar.add("prodid", "-//Welltopia//LDN consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", event_uid(consultation))
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + DURATION)
    event.add("sequence", consultation.schedule_sequence)
    event.add("summary", f"Welltopia consultation ({consultation.reference})")
    how = consultation.get_consultation_type_display().lower()
    # Calendars are often shared or synced to work accounts: name the clinic, never the treatment.
    event.add(
        "description",
        f"Your Welltopia consultation, by {how}. "
        f"Reference {consultation.reference}. Details and changes: {status_url}",
    )
    organizer = vCalAddress(f"mailto:{settings.CLINIC_CONTACT_EMAIL}")
    organizer.params["cn"] = "Welltopia"
    event.add("organizer", organizer)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
