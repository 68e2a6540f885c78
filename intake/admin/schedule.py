"""Bookings in the admin: a day or week of consultations, by clinician, in the clinic's time zone.

Read-only: bookings change only through the workflow (the request's page, the patient's status
page). Each booking links to its request, whose page records the look in the access log.
"""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from intake import workflow
from intake.models import Booking, Clinician
from welltopia import clinic_time

SPANS = {"day": 1, "week": 7}


def _day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else clinic_time.today()
    except ValueError:
        return clinic_time.today()


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """The changelist is the schedule; there is no add, change or delete here."""

    change_list_template = "admin/intake/booking/schedule.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return workflow.may_work(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return workflow.may_work(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        # Only the schedule: a booking is read on its request's page.
        return [url for url in super().get_urls() if url.name and url.name.endswith("_changelist")]

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        span = request.GET.get("span") if request.GET.get("span") in SPANS else "week"
        day = _day(request.GET.get("day"))
        first = day - datetime.timedelta(days=day.weekday()) if span == "week" else day
        last = first + datetime.timedelta(days=SPANS[span])
        clinicians = list(Clinician.objects.select_related("user").order_by("display_name"))
        chosen = next((c for c in clinicians if str(c.pk) == request.GET.get("clinician")), None)
        bookings = (
            Booking.objects.holding_time()
            .filter(
                starts_at__gte=clinic_time.at(first, datetime.time()),
                starts_at__lt=clinic_time.at(last, datetime.time()),
            )
            .select_related("request", "clinician", "booked_by")
            .order_by("starts_at", "clinician__display_name")
        )
        if chosen is not None:
            bookings = bookings.filter(clinician=chosen)
        by_day: dict[datetime.date, list[dict]] = {
            first + datetime.timedelta(days=n): [] for n in range(SPANS[span])
        }
        for booking in bookings:
            start = clinic_time.local(booking.starts_at)
            by_day[start.date()].append(
                {"booking": booking, "start": start, "end": clinic_time.local(booking.ends_at)}
            )

        def link(**changes: object) -> str:
            query = {"span": span, "day": day.isoformat(), "clinician": chosen.pk if chosen else ""} | changes
            return "?" + urlencode({key: value for key, value in query.items() if value not in ("", None)})

        step = datetime.timedelta(days=SPANS[span])
        context = {
            **self.admin_site.each_context(request),
            "title": "Bookings",
            "opts": self.opts,
            "span": span,
            "first": first,
            "last": last - datetime.timedelta(days=1),
            "days": list(by_day.items()),
            "total": sum(len(items) for items in by_day.values()),
            "clinicians": clinicians,
            "chosen": chosen,
            "zone": clinic_time.zone_label(clinic_time.at(first, datetime.time(12))),
            "links": {
                "earlier": link(day=(day - step).isoformat()),
                "later": link(day=(day + step).isoformat()),
                "today": link(day=clinic_time.today().isoformat()),
                "day": link(span="day"),
                "week": link(span="week"),
            },
            **(extra_context or {}),
        }
        response = TemplateResponse(request, self.change_list_template, context)
        response["Cache-Control"] = "no-store, private"
        return response
