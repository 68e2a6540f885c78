import uuid

from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from intake import booking_page, drafts, ratelimit, workflow
from intake.choices import STATE_NAMES
from intake.form_page import PAGE_SECTIONS, catalog_options, catalog_version, field_anchor, page_sections
from intake.forms import ConsultationForm
from intake.medicine_forms import PREFIX as MEDICINES_PREFIX
from intake.medicine_forms import MedicineFormSet, check_medicine_answer, without_errors
from intake.models import ConsultationRequest
from intake.submission import DuplicateSubmission, submit_request
from welltopia import clinic_time, page_cache


def _database_answers() -> None:
    """The empty form comes from the page store without touching the database, but a form that
    cannot be sent is no use to anyone: while the database is down the patient learns it (503,
    welltopia.views.server_error) before typing, not after. A kept connection costs its health
    check (one SELECT 1); otherwise this connects."""
    connection.cursor().close()


# The empty form is the same for everyone but its CSRF token and one-time token: rendered once
# per process and catalog version, those two filled in for each request (welltopia/page_cache.py),
# and only while the database answers.
EMPTY_FORM = page_cache.SharedPage(
    catalog_version,
    fills={"csrf": page_cache.csrf_token, "submission_token": lambda request: str(uuid.uuid4())},
    check=_database_answers,
)


def _no_index(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _summary_line(anchor: str, label: str, message: str) -> dict[str, str]:
    # "Last name: Please enter…", but "How should we contact you? Please choose…", and a consent
    # that is a sentence keeps its own full stop: "…is accurate. Please confirm…", not ".:".
    text = (
        message
        if not label
        else f"{label} {message}"
        if label.endswith(("?", "."))
        else f"{label}: {message}"
    )
    return {"id": anchor, "text": text}


def _medicine_lines(formset) -> list[dict[str, str]]:
    lines = []
    for index, row in enumerate(formset.forms, start=1):
        for name, errors in row.errors.items():
            field = row[name] if name in row.fields else None
            row_label = _("Medicine %(number)s") % {"number": index}
            label = f"{row_label}: {field.label}" if field else row_label
            lines.extend(_summary_line(field.auto_id if field else "", label, message) for message in errors)
    first_row = formset.forms[0]["name"].auto_id if formset.forms else "section-medicines"
    lines.extend(
        _summary_line(first_row, str(_("Your medicines")), message) for message in formset.non_form_errors()
    )
    return lines


def _error_summary(form: ConsultationForm, formset) -> list[dict[str, str]]:
    """Every error in page order, each with the id of the field it belongs to."""
    summary = []
    for section in PAGE_SECTIONS:
        if section.key == "medicines":
            summary.extend(_medicine_lines(formset))
        for name in section.names:
            summary.extend(
                _summary_line(field_anchor(form[name]), str(form[name].label), message)
                for message in form.errors.get(name, [])
            )
    summary.extend(_summary_line("", "", message) for message in form.non_field_errors())
    return summary


def _render_form(
    request: HttpRequest, form: ConsultationForm, formset, errors: bool, **extra: str
) -> HttpResponse:
    context = {
        **extra,
        "form": form,
        "sections": page_sections(form),
        "formset": formset,
        "error_summary": _error_summary(form, formset) if errors else [],
        "catalog_options": catalog_options(),
    }
    return render(request, "intake/request_form.html", context)


def _empty_form(request: HttpRequest, slots: dict[str, str]) -> HttpResponse:
    form = ConsultationForm(initial={"submission_token": slots["submission_token"]})
    formset = MedicineFormSet(prefix=MEDICINES_PREFIX)
    return _render_form(request, form, formset, errors=False, csrf_token=slots["csrf"])


@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_consultation(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        draft = drafts.load(request)
        if draft is not None:
            # Back here after "Add another medicine" without JavaScript: everything typed so far.
            form, formset = ConsultationForm(draft.data), MedicineFormSet.from_post(draft.data)
            without_errors(form)
            without_errors(formset)
            formset.focus_row(draft.new_row)
            return _render_form(request, form, formset, errors=False)
        return EMPTY_FORM.serve(request, lambda slots: _empty_form(request, slots))

    if ratelimit.is_limited(request):
        response = render(request, "intake/rate_limited.html", status=429)
        response["Retry-After"] = str(settings.INTAKE_RATE_WINDOW_SECONDS)
        return response

    form = ConsultationForm(request.POST)
    formset = MedicineFormSet.from_post(request.POST)
    if "add_medicine" in request.POST:
        # No JavaScript: the "Add another medicine" button posts what was typed, which is kept for
        # this visitor (and only until it is sent or the session ends), and the page comes back
        # from a plain GET with one more row, so Back and Forward never meet a posted page.
        new_row = drafts.save(request, formset.with_extra_row().data)
        return redirect(f"{reverse('intake:request')}#id_medicines-{new_row}-name")
    if form.is_honeypot_filled:
        # Looks like success to the bot; nothing is stored or sent.
        ratelimit.record(request)
        return redirect("intake:received")

    check_medicine_answer(form, formset)
    if form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():  # the request and its rate-limit count: stored together or not at all
                consultation = submit_request(form, formset)
                ratelimit.record(request)
        except DuplicateSubmission as duplicate:
            drafts.forget(request)
            return redirect(duplicate.existing.get_status_url())
        drafts.forget(request)
        return redirect(consultation.get_status_url())
    if "submission_token" in form.errors:
        # A missing or damaged hidden token: say so, and give a fresh one so the person can send.
        form.data = form.data.copy()
        form.data["submission_token"] = str(ConsultationForm.new().initial["submission_token"])
        form.add_error(
            None,
            _(
                "Your form could not be checked (it may have been open a long time, or a part of the page was "
                "missing), so nothing was sent. Your answers are below: please check them and send the form again."
            ),
        )
    return _render_form(request, form, formset, errors=True)


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    return _no_index(render(request, "intake/received.html"))


def _get_by_token(token: str) -> ConsultationRequest:
    reference = ConsultationRequest.reference_from_token(token)
    consultation = ConsultationRequest.objects.filter(reference=reference).first() if reference else None
    if consultation is None:
        raise Http404("No such request.")
    return consultation


@never_cache
@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    consultation = _get_by_token(token)
    context = {
        "consultation": consultation,
        "token": token,
        "state_name": STATE_NAMES.get(consultation.state, ""),
        "can_withdraw": consultation.status in workflow.PATIENT_WITHDRAWABLE,
    }
    if consultation.scheduled_at:
        local = clinic_time.local(consultation.scheduled_at)
        context["scheduled_local"] = local
        context["clinic_time_zone_label"] = _("%(zone)s, clinic time") % {"zone": local.tzname()}
    context.update(booking_page.status_context(consultation, request.GET, request.path))
    return _no_index(render(request, "intake/status.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    consultation = _get_by_token(token)
    if consultation.status not in workflow.PATIENT_WITHDRAWABLE:
        messages.info(request, _("This request can no longer be withdrawn."))
        return redirect(consultation.get_status_url())
    if request.method == "POST":
        try:
            workflow.withdraw(consultation, delete_data=request.POST.get("delete_data") == "yes")
        except workflow.TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your request has been withdrawn. You don't need to do anything else.")
            )
        return redirect(consultation.get_status_url())
    return _no_index(render(request, "intake/withdraw_confirm.html", {"consultation": consultation}))
