"""The patient's booking pages, under their private status page: choose a time, confirm it, move or
cancel it. Post/Redirect/Get; every change is a workflow operation, every refusal its reason.

Work without JavaScript: each offered time is a link to its confirmation page, whose button
posts. A time someone took in the meantime sends the patient back to the times, listed again
without it, with "that time was just taken".
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from intake import booking_page, bookings, slots, time_zones, workflow
from intake.models import ConsultationRequest
from intake.views import _get_by_token as consultation_for
from intake.views import _no_index as not_indexed
from welltopia import clinic_time

Status = ConsultationRequest.Status
NO_LONGER_OFFERED = _("That time is no longer available. Please choose another time.")


def _times_url(consultation: ConsultationRequest, zone: str) -> str:
    """Where the patient chooses a time: the status page (to book) or the times page (to move it)."""
    query = f"?{urlencode({'zone': zone})}"
    if consultation.status == Status.SCHEDULED:
        return reverse("intake:booking_times", args=[consultation.status_token]) + query + "#times"
    return consultation.get_status_url() + query + "#times"


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return not_indexed(render(request, template, context, status=status))


@never_cache
@require_http_methods(["GET"])
def times(request: HttpRequest, token: str) -> HttpResponse:
    """The open times to move a booked consultation to."""
    consultation = consultation_for(token)
    booking = bookings.current(consultation)
    invitation = workflow.open_invitation(consultation)
    refusal = workflow.check_reschedule(consultation, booking, invitation)
    if refusal:
        messages.info(request, refusal)
        return redirect(consultation.get_status_url())
    zone = booking_page.patient_zone(consultation, request.GET, booking)
    context = {
        "consultation": consultation,
        "token": token,
        "listing": booking_page.listing(
            consultation, invitation, zone=zone, query=request.GET, here=request.path, ignoring=booking
        ),
        **booking_page.booked(booking, booking.time_zone or zone),
    }
    return _render(request, "intake/booking_times.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest, token: str, start: str) -> HttpResponse:
    """Confirm one offered time (GET), then book it or move the booking to it (POST)."""
    consultation = consultation_for(token)
    moment = booking_page.parse_slot_code(start)
    zone = time_zones.chosen(request.POST.get("zone") or request.GET.get("zone"), consultation.state)
    invitation = workflow.open_invitation(consultation)
    booking = bookings.current(consultation)
    moving = consultation.status == Status.SCHEDULED
    refusal = (
        workflow.check_reschedule(consultation, booking, invitation)
        if moving
        else workflow.check_book(consultation, invitation)
    )
    if refusal:
        messages.info(request, refusal)
        return redirect(consultation.get_status_url())

    if request.method == "POST":
        operation = workflow.reschedule if moving else workflow.book
        try:
            done = operation(consultation, start=moment, zone=zone) if moment else None
        except workflow.Refused as refused:
            messages.error(request, str(refused))
            if refused.about_input:
                return redirect(_times_url(consultation, zone))
            return redirect(consultation.get_status_url())
        if done is None:
            messages.error(request, NO_LONGER_OFFERED)
            return redirect(_times_url(consultation, zone))
        messages.success(request, str(done))
        return redirect(consultation.get_status_url())

    offered = [
        slot
        for slot in slots.for_invitation(invitation, ignoring=booking if moving else None)
        if slot.starts_at == moment
    ]
    if not offered:
        messages.error(request, NO_LONGER_OFFERED)
        return redirect(_times_url(consultation, zone))
    slot = offered[0]
    tz = time_zones.zone(zone)
    clinic_local = clinic_time.local(slot.starts_at)
    local = slot.starts_at.astimezone(tz)
    context = {
        "consultation": consultation,
        "token": token,
        "moving": moving,
        "local": local,
        "clinic_local": clinic_local if clinic_local.utcoffset() != local.utcoffset() else None,
        "zone": zone,
        "zone_label": time_zones.label(zone),
        # With one clinician the patient sees who; with "any", whoever is free then is chosen at booking.
        "clinician": invitation.clinician or (slot.clinician if len(offered) == 1 else None),
        "kind": invitation.get_consultation_type_display(),
        "minutes": int((slot.ends_at - slot.starts_at).total_seconds() // 60),
        "back_url": _times_url(consultation, zone),
        **({"current": booking_page.booked(booking, booking.time_zone or zone)} if moving else {}),
    }
    return _render(request, "intake/booking_confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel the booked consultation: a confirmation page, then the cancellation."""
    consultation = consultation_for(token)
    booking = bookings.current(consultation)
    refusal = workflow.check_cancel(consultation, booking)
    if refusal:
        messages.info(request, refusal)
        return redirect(consultation.get_status_url())
    if request.method == "POST":
        try:
            done = workflow.cancel(consultation)
        except workflow.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, str(done))
        return HttpResponseRedirect(consultation.get_status_url())
    context = {
        "consultation": consultation,
        "token": token,
        "can_rebook": workflow.open_invitation(consultation) is not None,
        **booking_page.booked(booking, booking.time_zone or settings.CLINIC_TIME_ZONE),
    }
    return _render(request, "intake/booking_cancel.html", context)
