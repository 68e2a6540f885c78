"""The rules of every move, at the workflow level: status, operation and role, allowed or why not.

The admin tests only check that each button reaches these operations; the rules are here.
"""

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.utils import timezone

from intake import workflow
from intake.models import AccessLog, ConsultationRequest, Note, StatusChange
from intake.roles import CLINICIANS, CONTENT_EDITORS, COORDINATORS
from tests.support.patients import make_request
from tests.support.staff import make_staff

pytestmark = pytest.mark.django_db

Status = ConsultationRequest.Status
Event = StatusChange.Event
OPEN = {Status.NEW, Status.IN_REVIEW, Status.SCHEDULED}
ALL = set(Status)
WORKERS = {"coordinator", "clinician"}
ROLES = ["coordinator", "clinician", "content editor", "staff without groups", "patient"]
NOT_A_WORKER = "Only intake coordinators and clinicians can work requests."
FUTURE = timezone.now() + datetime.timedelta(days=10)

Run = Callable[[ConsultationRequest, AbstractBaseUser | None], str]
OPERATIONS: dict[str, tuple[Run, set[str], set[str], str]] = {
    # name: (call, statuses it is allowed from, roles allowed, "cannot be …" when the status is wrong)
    "claim": (lambda c, user: workflow.claim(c, user), OPEN, WORKERS, "assigned"),
    "start review": (
        lambda c, user: workflow.start_review(c, user),
        {Status.NEW},
        WORKERS,
        "moved to in review",
    ),
    "schedule": (
        lambda c, user: workflow.schedule(c, at=FUTURE, kind="video", by=user),
        {Status.IN_REVIEW, Status.SCHEDULED},
        WORKERS,
        "scheduled",
    ),
    "decline": (
        lambda c, user: workflow.decline(c, reason="Not a fit.", message="Sorry.", by=user),
        OPEN,
        WORKERS,
        "declined",
    ),
    "complete": (lambda c, user: workflow.complete(c, user), {Status.SCHEDULED}, WORKERS, "marked completed"),
    "assess": (
        lambda c, user: workflow.record_assessment(c, assessment="eligible", note="Fine.", by=user),
        OPEN,
        {"clinician"},
        "assessed",
    ),
    "add note": (lambda c, user: workflow.add_note(c, text="Called, no answer.", by=user), ALL, WORKERS, ""),
    "withdraw": (lambda c, _user: workflow.withdraw(c, delete_data=False), OPEN, {"patient"}, ""),
}


def person(role: str) -> AbstractBaseUser | None:
    groups = {"coordinator": [COORDINATORS], "clinician": [CLINICIANS], "content editor": [CONTENT_EDITORS]}
    if role == "patient":
        return None
    return make_staff(role.replace(" ", "_"), *groups.get(role, []))


def in_status(status: str, **more) -> ConsultationRequest:
    fields: dict = {}
    if status == Status.SCHEDULED:
        # An hour ago: a consultation that has taken place can be completed.
        fields = {"scheduled_at": timezone.now() - datetime.timedelta(hours=1), "consultation_type": "phone"}
    if status in ConsultationRequest.CLOSED:
        fields["closed_at"] = timezone.now() - datetime.timedelta(days=1)
    return make_request(status=status, days_ago=5, **(fields | more))


def expected_refusal(operation: str, status: str, role: str) -> str | None:
    _run, statuses, roles, doing = OPERATIONS[operation]
    if role not in roles:
        if operation == "withdraw":
            return (
                None
                if status in statuses
                else f"This request is {Status(status).label.lower()} and can no longer be withdrawn."
            )
        if operation == "assess":
            return "Only clinicians can record the clinical assessment."
        return NOT_A_WORKER
    if status not in statuses:
        if operation == "withdraw":
            return f"This request is {Status(status).label.lower()} and can no longer be withdrawn."
        return f"A request that is {Status(status).label.lower()} cannot be {doing}."
    return None


CASES = [(operation, status, role) for operation in OPERATIONS for status in Status for role in ROLES]


@pytest.mark.parametrize(("operation", "status", "role"), CASES, ids=["-".join(case) for case in CASES])
def test_each_operation_is_allowed_or_refused_with_its_reason(operation: str, status: str, role: str) -> None:
    run, *_ = OPERATIONS[operation]
    consultation = in_status(status)
    user = person(role)
    before = ConsultationRequest.objects.values().get(pk=consultation.pk)
    history_before = StatusChange.objects.count()
    refusal = expected_refusal(operation, status, role)
    if operation == "withdraw" and role != "patient":
        refusal = expected_refusal(operation, status, "patient")  # the patient's own page: no user

    if refusal is None:
        message = run(consultation, user)
        assert message
        assert StatusChange.objects.count() > history_before or Note.objects.exists()
    else:
        with pytest.raises(workflow.Refused) as refused:
            run(consultation, user)
        assert str(refused.value) == refusal
        assert ConsultationRequest.objects.values().get(pk=consultation.pk) == before
        assert StatusChange.objects.count() == history_before
        assert not AccessLog.objects.exists()
        assert mail.outbox == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(Status))
def test_the_page_offers_exactly_what_the_operations_allow(status: str, role: str) -> None:
    consultation = in_status(status)
    user = person(role)

    offered = workflow.available(consultation, user)

    for operation, key in [
        ("start review", "can_start_review"),
        ("schedule", "can_schedule"),
        ("decline", "can_decline"),
        ("complete", "can_complete"),
        ("assess", "can_assess"),
        ("add note", "can_add_note"),
    ]:
        assert offered[key] is (expected_refusal(operation, status, role) is None), (operation, status, role)
    assert offered["can_claim"] is (expected_refusal("claim", status, role) is None)


# --------------------------------------------------------------------------- what each move records


def test_a_move_records_from_to_who_when_and_the_access_log() -> None:
    coordinator = person("coordinator")
    consultation = in_status(Status.NEW)
    before = timezone.now()

    assert workflow.start_review(consultation, coordinator) == f"{consultation.reference} is now in review."

    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW
    change = consultation.status_changes.latest("changed_at", "id")
    assert (change.event, change.from_status, change.to_status, change.changed_by) == (
        Event.STATUS, Status.NEW, Status.IN_REVIEW, coordinator,
    )  # fmt: skip
    assert before <= change.changed_at <= timezone.now()
    assert AccessLog.objects.get(request=consultation).detail == "Status New → In review"


def test_a_move_from_a_stale_copy_changes_nothing() -> None:
    """Two people had the page open; the first moved it, the second's decline must not overwrite that."""
    coordinator, clinician = person("coordinator"), person("clinician")
    consultation = in_status(Status.NEW)
    seen_by_second = ConsultationRequest.objects.get(pk=consultation.pk)
    workflow.start_review(consultation, coordinator)

    with pytest.raises(workflow.Refused) as refused:
        workflow.decline(seen_by_second, reason="Not a fit.", message="Sorry.", by=clinician)

    assert str(refused.value) == f"{consultation.reference} is now in review; nothing was changed."
    assert list(consultation.status_changes.values_list("to_status", flat=True)) == [
        Status.NEW,
        Status.IN_REVIEW,
    ]


def test_claiming_someone_elses_request_names_them() -> None:
    casey, robin = make_staff("casey", COORDINATORS), make_staff("robin", COORDINATORS)
    consultation = in_status(Status.NEW)
    workflow.claim(consultation, casey)

    with pytest.raises(workflow.Refused) as refused:
        workflow.claim(ConsultationRequest.objects.get(pk=consultation.pk), robin)

    assert str(refused.value) == f"{consultation.reference} is already assigned to casey."


def test_claiming_records_the_assignment_in_the_history_and_the_access_log() -> None:
    casey = make_staff("casey", COORDINATORS)
    consultation = in_status(Status.NEW)

    assert workflow.claim(consultation, casey) == f"{consultation.reference} is now assigned to you."
    assert workflow.claim(consultation, casey) == f"{consultation.reference} was already assigned to you."

    assert consultation.status_changes.filter(event=Event.ASSIGNED).get().reason == "Assigned to casey"
    assert list(AccessLog.objects.values_list("detail", flat=True)) == ["Assigned to themselves"]


def test_assigning_to_someone_who_does_not_work_requests_is_refused() -> None:
    consultation = in_status(Status.NEW)

    with pytest.raises(workflow.Refused) as refused:
        workflow.assign(consultation, make_staff("eddie", CONTENT_EDITORS), person("coordinator"))

    assert str(refused.value) == "eddie is not an intake coordinator or clinician."


def test_declining_needs_a_reason_and_a_message() -> None:
    coordinator = person("coordinator")
    consultation = in_status(Status.NEW)

    with pytest.raises(workflow.Refused, match=re.escape("A reason is required to decline a request.")):
        workflow.decline(consultation, reason="  ", message="Sorry.", by=coordinator)
    with pytest.raises(workflow.Refused, match=re.escape("Choose the message the patient will receive.")):
        workflow.decline(consultation, reason="Not a fit.", message="", by=coordinator)


def test_scheduling_in_the_past_is_refused() -> None:
    consultation = in_status(Status.IN_REVIEW)

    with pytest.raises(workflow.Refused, match=re.escape("Choose a time in the future.")):
        workflow.schedule(
            consultation,
            at=timezone.now() - datetime.timedelta(minutes=1),
            kind="video",
            by=person("coordinator"),
        )


def test_rescheduling_raises_the_calendar_sequence_and_says_when(django_capture_on_commit_callbacks) -> None:
    coordinator = person("coordinator")
    consultation = in_status(Status.IN_REVIEW)

    workflow.schedule(consultation, at=FUTURE, kind="video", by=coordinator)
    message = workflow.schedule(
        consultation, at=FUTURE + datetime.timedelta(days=1), kind="phone", by=coordinator
    )

    consultation.refresh_from_db()
    assert (
        message
        == f"{consultation.reference} is rescheduled. The patient is being emailed the calendar invitation."
    )
    assert consultation.schedule_sequence == 1
    assert consultation.status_changes.latest("id").reason.startswith("Rescheduled to ")


def test_recording_the_assessment_keeps_who_and_when_and_writes_history() -> None:
    clinician = person("clinician")
    consultation = in_status(Status.IN_REVIEW)

    workflow.record_assessment(
        consultation, assessment="needs_info", note="Ask about liver tests.", by=clinician
    )

    consultation.refresh_from_db()
    assert (consultation.assessment, consultation.assessment_note, consultation.assessed_by) == (
        "needs_info", "Ask about liver tests.", clinician,
    )  # fmt: skip
    assert (
        consultation.status_changes.get(event=Event.ASSESSED).reason == "Assessment: Needs more information"
    )
    # The access log is kept for ever: no clinical detail in it.
    assert AccessLog.objects.get(request=consultation).detail == "Recorded the clinical assessment"


def test_withdrawing_is_the_patients_and_tells_staff(mailoutbox, django_capture_on_commit_callbacks) -> None:
    consultation = in_status(Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(consultation, delete_data=True)

    consultation.refresh_from_db()
    assert (consultation.status, consultation.deletion_requested) == (Status.WITHDRAWN, True)
    assert consultation.status_changes.latest("id").changed_by is None
    assert [message.subject for message in mailoutbox] == [
        f"Consultation request {consultation.reference} was withdrawn"
    ]


@pytest.mark.erases_personal_data
def test_the_purge_erases_a_withdrawn_request_whose_patient_asked_at_once_and_no_other() -> None:
    asked = in_status(Status.WITHDRAWN)
    ConsultationRequest.objects.filter(pk=asked.pk).update(deletion_requested=True)
    did_not_ask = in_status(Status.WITHDRAWN)
    still_open = in_status(Status.IN_REVIEW)

    assert workflow.purge() == [asked.reference]

    assert ConsultationRequest.objects.get(pk=asked.pk).first_name == ""
    assert {
        c.first_name for c in ConsultationRequest.objects.filter(pk__in=[did_not_ask.pk, still_open.pk])
    } == {"Marta"}
    log = AccessLog.objects.get(request=asked)
    assert (log.user, log.action, log.detail) == (
        None,
        AccessLog.Action.ERASED,
        "The patient asked for deletion when withdrawing",
    )


def test_the_page_says_when_the_patient_asked_for_deletion() -> None:
    asked = in_status(Status.WITHDRAWN)
    ConsultationRequest.objects.filter(pk=asked.pk).update(deletion_requested=True)
    asked.refresh_from_db()

    assert workflow.available(asked, person("coordinator"))["erasure_pending"] is True
    assert workflow.available(in_status(Status.WITHDRAWN), person("clinician"))["erasure_pending"] is False


# --------------------------------------------------------------------------- the clinical gate

Assessment = ConsultationRequest.Assessment
GATE = [
    # (flag raised, assessment, refused with)
    (False, "", None),
    (False, Assessment.ELIGIBLE, None),
    (True, Assessment.ELIGIBLE, None),
    (
        True,
        "",
        "This request has safety flags (Opioid): a clinician must record an assessment of \u201cEligible\u201d "
        "before a consultation is booked.",
    ),
    (
        True,
        Assessment.NOT_ELIGIBLE,
        "A clinician assessed this request as not eligible: decline it, or record a new assessment.",
    ),
    (
        False,
        Assessment.NOT_ELIGIBLE,
        "A clinician assessed this request as not eligible: decline it, or record a new assessment.",
    ),
    (
        False,
        Assessment.NEEDS_INFO,
        "A clinician needs more information before a consultation is booked (see the assessment); record a "
        "new assessment once it is in.",
    ),
]


@pytest.mark.parametrize(("flagged", "assessment", "refusal"), GATE)
@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.SCHEDULED])
def test_a_flagged_request_is_booked_only_after_a_clinician_says_eligible(
    status: str, flagged: bool, assessment: str, refusal: str | None
) -> None:
    consultation = in_status(status, flag_opioid=flagged, assessment=assessment)
    coordinator = person("coordinator")

    if refusal is None:
        workflow.schedule(consultation, at=FUTURE, kind="video", by=coordinator)
        assert ConsultationRequest.objects.get(pk=consultation.pk).scheduled_at == FUTURE
    else:
        with pytest.raises(workflow.Refused) as refused:
            workflow.schedule(consultation, at=FUTURE, kind="video", by=coordinator)
        assert str(refused.value) == refusal
        assert workflow.available(consultation, coordinator)["can_schedule"] is False
        assert workflow.available(consultation, coordinator)["schedule_waits_for"] == refusal


def test_a_consultation_is_completed_only_once_its_time_has_passed() -> None:
    coordinator = person("coordinator")
    ahead = in_status(
        Status.SCHEDULED, scheduled_at=datetime.datetime(2099, 1, 15, 15, 30, tzinfo=datetime.UTC)
    )

    with pytest.raises(workflow.Refused) as refused:
        workflow.complete(ahead, coordinator)

    assert str(refused.value) == (
        "The consultation is on Thursday, January 15, 2099, 10:30 AM (EST, clinic time): it can be marked "
        "completed once it has taken place."
    )
    assert workflow.available(ahead, coordinator)["can_complete"] is False
    assert workflow.complete(in_status(Status.SCHEDULED), coordinator).endswith("is now completed.")


def test_a_clinicians_assessment_of_a_new_request_puts_it_in_review() -> None:
    clinician = person("clinician")
    consultation = in_status(Status.NEW)

    message = workflow.record_assessment(
        consultation, assessment=Assessment.NOT_ELIGIBLE, note="Daily opioid.", by=clinician
    )

    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW
    assert (
        message
        == f"The assessment of {consultation.reference} is recorded: Not eligible. Decline it with a message below."
    )
    assert workflow.available(consultation, clinician)["can_start_review"] is False
