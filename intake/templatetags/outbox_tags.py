"""What staff see of the outbox: the admin index notice and the emails of one request."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from intake.models import ConsultationRequest, OutgoingEmail

register = template.Library()


@register.inclusion_tag("admin/intake/includes/_undelivered_emails_notice.html", takes_context=True)
def undelivered_emails_notice(context: template.Context) -> dict:
    """ "3 emails not delivered — oldest 2 hours ago", for staff who may see the emails."""
    request = context.get("request")
    if request is None or not request.user.has_perm("intake.view_outgoingemail"):
        return {"count": 0}
    now = timezone.now()
    backlog = OutgoingEmail.objects.backlog(now)
    count = backlog["undelivered"]
    return {
        "count": count,
        "oldest": timesince(backlog["oldest_undelivered"], now, depth=1) if count else "",
    }


@register.inclusion_tag("admin/intake/includes/_request_emails_table.html", takes_context=True)
def request_emails(context: template.Context, consultation: ConsultationRequest) -> dict:
    """Every email about one request, with "Retry now" beside those not delivered."""
    request = context["request"]
    if not request.user.has_perm("intake.view_outgoingemail"):
        return {"emails": None}
    undelivered = set(consultation.emails.undelivered().values_list("pk", flat=True))
    emails = [(email, email.pk in undelivered) for email in consultation.emails.all()]
    return {
        "emails": emails,
        "can_retry": request.user.has_perm("intake.change_outgoingemail"),
        "back": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def confirmation_email_state(consultation: ConsultationRequest) -> str:
    """For the patient's status page: "sent", "on its way" (just queued) or "delayed" (not delivered)."""
    email = consultation.emails.filter(kind=OutgoingEmail.Kind.PATIENT_CONFIRMATION).first()
    if email is None or email.status in (OutgoingEmail.Status.SENT, OutgoingEmail.Status.CANCELLED):
        return "sent"
    if email.last_error or consultation.emails.undelivered().filter(pk=email.pk).exists():
        return "delayed"
    return "on_its_way"
