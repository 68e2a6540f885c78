"""The booking part of a request's page: the invitation, the booked time, and the forms for the
booking moves (invite, cancel, no-show). intake/admin/requests.py posts each to the workflow."""

from django.contrib.auth.models import AbstractBaseUser

from intake import bookings, workflow
from intake.admin import display
from intake.admin.booking_forms import InviteForm
from intake.models import Booking, ConsultationRequest


def context(consultation: ConsultationRequest, user: AbstractBaseUser) -> dict:
    booking = bookings.current(consultation)
    return {
        "invitation": workflow.open_invitation(consultation),
        "booking": booking,
        "booking_time": display.clinic_datetime(booking.starts_at) if booking else "",
        "booking_zone": booking.time_zone if booking else "",
        "video_link": bookings.video_link(booking) if booking else "",
        "past_bookings": list(
            Booking.objects.filter(request=consultation)
            .exclude(status=Booking.Status.BOOKED)
            .select_related("clinician")
            .order_by("-starts_at")
        ),
        "invite_form": InviteForm(consultation=consultation),
    }
