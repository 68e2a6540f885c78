from django import template
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.timesince import timesince

from intake.models import ConsultationRequest, any_flag

register = template.Library()


@register.inclusion_tag("admin/intake/includes/_queue_summary.html")
def queue_summary() -> dict:
    """Counts by status, the oldest waiting request's age and how many open requests are flagged."""
    by_status = dict(
        ConsultationRequest.objects.order_by()
        .values_list("status")
        .annotate(count=Count("id"))
        .values_list("status", "count")
    )
    open_stats = ConsultationRequest.objects.awaiting_review().aggregate(
        oldest=Min("created_at"), flagged=Count("id", filter=any_flag())
    )
    return {
        "statuses": [
            (label, by_status.get(value, 0), value) for value, label in ConsultationRequest.Status.choices
        ],
        "oldest_waiting": timesince(open_stats["oldest"], timezone.now(), depth=1)
        if open_stats["oldest"]
        else None,
        "flagged_open": open_stats["flagged"],
    }
