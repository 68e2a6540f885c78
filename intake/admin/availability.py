"""Clinicians' availability in the admin: weekly hours and exceptions in the clinic's time zone, the
consultation length and buffer, the states each is licensed in, and their private calendar feed.

Coordinators and clinicians edit these (intake/roles.py). What patients are offered is derived
from them at once (intake/slots.py); the page shows how many open times that makes.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import dateformat
from django.utils.html import format_html, format_html_join

from intake import slots
from intake.models import AvailabilityException, Clinician, License, WeeklyHours
from intake.models.booking import new_feed_token
from intake.roles import CLINICIANS
from welltopia import clinic_time

ZONE_NOTE = f"Times are the clinic's ({settings.CLINIC_TIME_ZONE})."


class LicenseInline(admin.TabularInline):
    model = License
    extra = 0
    fields = ["state", "number", "expires_on"]
    verbose_name = "state licensed in"
    verbose_name_plural = "states licensed in (patients there can book this clinician)"


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0
    fields = ["weekday", "starts", "ends"]
    verbose_name_plural = f"weekly working hours. {ZONE_NOTE}"


class ExceptionInline(admin.TabularInline):
    """Days off and extra hours from today on (past ones are kept, not shown)."""

    model = AvailabilityException
    extra = 0
    fields = ["kind", "first_day", "last_day", "starts", "ends", "note"]
    verbose_name_plural = f"days off and extra hours, from today. {ZONE_NOTE} No times: the whole day off."

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        today = clinic_time.today()
        return (
            super()
            .get_queryset(request)
            .filter(Q(last_day__gte=today) | Q(last_day__isnull=True, first_day__gte=today))
        )


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "states", "hours", "accepts_bookings", "feed_on"]
    list_filter = ["accepts_bookings"]
    list_select_related = ["user"]
    search_fields = ["display_name", "user__username"]
    fields = [
        "user",
        "display_name",
        "consultation_minutes",
        "buffer_minutes",
        "accepts_bookings",
        "video_room",
        "open_times",
        "calendar_feed",
    ]
    readonly_fields = ["open_times", "calendar_feed"]
    inlines = [LicenseInline, WeeklyHoursInline, ExceptionInline]
    change_form_template = "admin/intake/clinician/change_form.html"

    class Media:
        css = {"all": ["css/admin-queue.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("licenses", "weekly_hours")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # Bookings keep their clinician: untick "accepts bookings" instead.

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True)
                .filter(Q(groups__name=CLINICIANS) | Q(is_superuser=True))
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        # Whose profile it is does not change once made: their bookings and feed are theirs.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    # The list --------------------------------------------------------------------------------
    @admin.display(description="States")
    def states(self, obj: Clinician) -> str:
        return ", ".join(license.state for license in obj.licenses.all()) or "—"

    @admin.display(description="Weekly hours (clinic time)")
    def hours(self, obj: Clinician) -> str:
        return "; ".join(str(item) for item in obj.weekly_hours.all()) or "—"

    @admin.display(description="Calendar feed", boolean=True)
    def feed_on(self, obj: Clinician) -> bool:
        return bool(obj.feed_token)

    # A clinician's page -----------------------------------------------------------------------
    @admin.display(description="Open times offered")
    def open_times(self, obj: Clinician) -> str:
        if obj.pk is None:
            return "Save first: then the open times these hours give are shown here."
        lines = []
        for license in obj.licenses.all():
            found = slots.open_slots([obj], state=license.state)
            first = (
                f", the first {dateformat.format(clinic_time.local(found[0].starts_at), 'l, F j, g:i A T')}"
                if found
                else ""
            )
            lines.append((license.get_state_display(), len(found), settings.BOOKING_WEEKS_AHEAD, first))
        if not lines:
            return "None: add a state this clinician is licensed in."
        return format_html_join("", "<div>{}: {} open times in the next {} weeks{}</div>", lines)

    @admin.display(description="Private calendar feed")
    def calendar_feed(self, obj: Clinician) -> str:
        if obj.pk is None:
            return "Made when the clinician is saved."
        if not obj.feed_token:
            return "Turned off. Make a new link to turn it on."
        url = feed_url(obj)
        return format_html(
            '<code class="wt-feed-url">{}</code><br>'
            '<a href="{}">Subscribe in a calendar app</a>. '
            "Add it to Google Calendar (Other calendars → From URL), Outlook (Add calendar → Subscribe "
            "from web) or Apple Calendar (New Calendar Subscription). It lists each booking by reference "
            "and type only; keep the link private, and make a new one if it was shared by mistake.",
            url,
            url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:pk>/feed/new/", view(self.new_feed_view), name=f"{prefix}_new_feed"),
            path("<int:pk>/feed/off/", view(self.feed_off_view), name=f"{prefix}_feed_off"),
            *super().get_urls(),
        ]

    def _for_feed(self, request: HttpRequest, pk: int) -> Clinician:
        if request.method != "POST":
            raise PermissionDenied
        clinician = get_object_or_404(Clinician, pk=pk)
        if not self.has_change_permission(request, clinician):
            raise PermissionDenied
        return clinician

    def _back(self, clinician: Clinician) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:intake_clinician_change", args=[clinician.pk]))

    def new_feed_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        clinician = self._for_feed(request, pk)
        Clinician.objects.filter(pk=clinician.pk).update(feed_token=new_feed_token())
        self.message_user(
            request,
            f"{clinician} has a new calendar feed link; the old one no longer works. "
            "Subscribe again with the new link.",
            messages.SUCCESS,
        )
        return self._back(clinician)

    def feed_off_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        clinician = self._for_feed(request, pk)
        Clinician.objects.filter(pk=clinician.pk).update(feed_token=None)
        self.message_user(request, f"{clinician}'s calendar feed is turned off.", messages.SUCCESS)
        return self._back(clinician)


def feed_url(clinician: Clinician) -> str:
    return settings.SITE_URL + reverse("intake:calendar_feed", args=[clinician.feed_token])
