"""A clinician's private calendar feed: /consultation/calendar/<token>.ics, for Google Calendar,
Outlook and Apple Calendar to subscribe to.

The unguessable token is the whole of its protection (calendar programs cannot sign in), so the
feed holds nothing a stranger could use: each booking by reference and type, a link to the
request in the admin (which needs a staff sign-in), the video link. No name, no health detail.
A new token (or none) in the admin revokes the old address at once.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from intake import calendar
from intake.models import Booking, Clinician


def _request_url(booking: Booking) -> str:
    return settings.SITE_URL + reverse("admin:intake_consultationrequest_change", args=[booking.request_id])


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    clinician = Clinician.objects.filter(feed_token=token).first() if token else None
    if clinician is None:
        raise Http404("No such calendar.")
    body = calendar.feed(clinician, calendar.feed_bookings(clinician, timezone.now()), _request_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="welltopia.ics"'
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
