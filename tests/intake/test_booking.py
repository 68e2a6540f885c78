"""The booking moves at the workflow level: invite, book, reschedule, cancel, no-show, complete;
what each records, emails and reminds, and what each refuses, with its reason."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from icalendar import Calendar
from pytest_django import Settings

from intake import outbox, workflow
from intake.models import (
    AccessLog,
    Booking,
    BookingInvitation,
    ConsultationRequest,
    OutgoingEmail,
    StatusChange,
)
from intake.roles import CLINICIANS, CONTENT_EDITORS, COORDINATORS
from tests.support.booking import BOOKING_MONDAY, TAKEN, clinic_moment, invited_request, make_clinician
from tests.support.patients import make_request
from tests.support.staff import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = ConsultationRequest.Status
Event = StatusChange.Event
UTC = datetime.UTC
MONDAY = BOOKING_MONDAY
NINE = clinic_moment(MONDAY, 9)
NINE_FORTY = clinic_moment(MONDAY, 9, 40)


@pytest.fixture
def invited(okafor, coordinator) -> ConsultationRequest:
    return invited_request(okafor, by=coordinator, email="marta@example.com", state="CA")


def sent(capture, operation, *args, **kwargs):
    """Run an operation and send the emails it queued for now, as the web process does after commit."""
    with capture(execute=True):
        return operation(*args, **kwargs)


def invitation_of(message: mail.EmailMessage) -> tuple[Calendar, str, str]:
    [(filename, content, mimetype)] = message.attachments
    assert filename == "consultation.ics"
    text = content.decode() if isinstance(content, bytes) else content
    return Calendar.from_ical(text), text, mimetype


def reminders(consultation: ConsultationRequest) -> list[tuple[str, str, datetime.datetime]]:
    return list(
        OutgoingEmail.objects.filter(request=consultation, kind__startswith="patient_reminder")
        .order_by("id")
        .values_list("kind", "status", "send_after")
    )


def history(consultation: ConsultationRequest) -> list[tuple[str, str, str]]:
    return list(
        StatusChange.objects.filter(request=consultation)
        .order_by("id")
        .values_list("from_status", "to_status", "reason")
    )


# Invite ------------------------------------------------------------------------------------------------
def test_inviting_records_it_and_emails_the_patient_their_status_link(
    coordinator, okafor, django_capture_on_commit_callbacks
) -> None:
    consultation = make_request(status=Status.IN_REVIEW, state="CA", email="marta@example.com")

    message = sent(
        django_capture_on_commit_callbacks,
        workflow.invite,
        consultation,
        clinician=okafor,
        kind="video",
        by=coordinator,
    )

    assert message == (
        f"{consultation.reference}: the patient is being emailed an invitation to choose a time with Dr. Ada Okafor."
    )
    invitation = BookingInvitation.objects.get(request=consultation)
    assert (invitation.clinician, invitation.consultation_type, invitation.invited_by) == (
        okafor,
        "video",
        coordinator,
    )
    change = StatusChange.objects.filter(request=consultation).latest("id")
    assert (change.event, change.changed_by, change.reason) == (
        Event.INVITED,
        coordinator,
        "Invited to book with Dr. Ada Okafor (video call)",
    )
    assert AccessLog.objects.filter(user=coordinator, detail="Invited to book").count() == 1
    [email] = mail.outbox
    assert email.to == ["marta@example.com"]
    assert email.subject == f"Choose a time for your consultation ({consultation.reference})"
    assert f"https://clinic.example/consultation/status/{consultation.status_token}/" in email.body
    assert "Your consultation will be a video call with Dr. Ada Okafor." in email.body
    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW


def test_inviting_any_clinician_names_the_patients_state(coordinator, okafor) -> None:
    consultation = make_request(status=Status.IN_REVIEW, state="NY")

    message = workflow.invite(consultation, clinician=None, kind="phone", by=coordinator)

    assert message.endswith("with any clinician licensed in New York.")
    assert (
        StatusChange.objects.latest("id").reason
        == "Invited to book with any clinician licensed in New York (phone call)"
    )


def test_a_new_invitation_replaces_the_open_one(coordinator, okafor, invited) -> None:
    ruiz = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")

    workflow.invite(invited, clinician=ruiz, kind="phone", by=coordinator)

    assert list(
        BookingInvitation.objects.open().filter(request=invited).values_list("clinician", flat=True)
    ) == [ruiz.pk]
    assert BookingInvitation.objects.filter(request=invited, closed_at__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("setup", "refusal"),
    [
        ("not licensed", "Dr. Ada Okafor is not licensed in Texas."),
        ("not taking bookings", "Dr. Ada Okafor is not taking bookings."),
        (
            "no hours",
            "Dr. Ada Okafor has no open times in the next 4 weeks. Add working hours, or set a time directly.",
        ),
        ("nobody licensed", "No clinician taking bookings is licensed in Texas."),
    ],
)
def test_an_invitation_that_could_not_be_booked_is_refused(
    coordinator, okafor, setup: str, refusal: str
) -> None:
    consultation = make_request(
        status=Status.IN_REVIEW, state="TX" if setup in ("not licensed", "nobody licensed") else "CA"
    )
    if setup == "not taking bookings":
        okafor.accepts_bookings = False
        okafor.save()
    if setup == "no hours":
        okafor.weekly_hours.all().delete()

    with pytest.raises(workflow.Refused) as refused:
        workflow.invite(
            consultation,
            clinician=None if setup == "nobody licensed" else okafor,
            kind="video",
            by=coordinator,
        )

    assert str(refused.value) == refusal
    assert refused.value.about_input
    assert not BookingInvitation.objects.exists()
    assert mail.outbox == []


ROLES = {"coordinator": [COORDINATORS], "clinician": [CLINICIANS], "content editor": [CONTENT_EDITORS]}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", list(ROLES))
def test_only_those_who_work_requests_invite_and_only_from_in_review(okafor, status: str, role: str) -> None:
    user = make_staff(role.replace(" ", "_"), *ROLES[role])
    consultation = make_request(status=status, state="CA")
    offered = workflow.available(consultation, user)["can_invite"]

    if role == "content editor":
        expected = "Only intake coordinators and clinicians can work requests."
    elif status not in (Status.IN_REVIEW, Status.SCHEDULED):
        expected = f"A request that is {Status(status).label.lower()} cannot be scheduled."
    elif status == Status.SCHEDULED:
        expected = "A request that is scheduled cannot be invited to book."
    else:
        expected = None

    if expected is None:
        assert offered
        workflow.invite(consultation, clinician=okafor, kind="video", by=user)
    else:
        assert not offered
        with pytest.raises(workflow.Refused) as refused:
            workflow.invite(consultation, clinician=okafor, kind="video", by=user)
        assert str(refused.value) == expected


# Book ---------------------------------------------------------------------------------------------------
def test_the_patient_books_an_offered_time(invited, okafor, django_capture_on_commit_callbacks) -> None:
    done = sent(
        django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/Los_Angeles"
    )

    assert done == "Your consultation is booked. We have emailed you the calendar invitation."
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at, invited.consultation_type) == (
        Status.SCHEDULED,
        NINE,
        "video",
    )
    booking = Booking.objects.get(request=invited)
    assert (booking.clinician, booking.starts_at, booking.ends_at, booking.blocked_until) == (
        okafor,
        NINE,
        NINE + datetime.timedelta(minutes=30),
        NINE + datetime.timedelta(minutes=40),
    )
    assert (booking.status, booking.time_zone, booking.booked_by, booking.sequence) == (
        "booked",
        "America/Los_Angeles",
        None,
        0,
    )
    assert history(invited)[-1] == (
        Status.IN_REVIEW,
        Status.SCHEDULED,
        "Booked by the patient for 2027-02-01 09:00 EST with Dr. Ada Okafor",
    )
    assert StatusChange.objects.latest("id").changed_by is None
    assert AccessLog.objects.filter(user=None, detail="Booked by the patient").count() == 1


def test_booking_emails_the_invitation_in_the_patients_zone_and_tells_staff(
    invited, django_capture_on_commit_callbacks, settings: Settings
) -> None:
    sent(django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/Los_Angeles")

    patient, staff = sorted(mail.outbox, key=lambda message: message.to != ["marta@example.com"])
    assert patient.subject == f"Your consultation is booked ({invited.reference})"
    assert "When: Monday, February 1, 2027, 6:00 AM (PST)" in patient.body
    assert "That is 9:00 AM EST, clinic time." in patient.body
    assert "With: Dr. Ada Okafor" in patient.body
    assert "You can change the time or cancel there until 12 hours before the consultation." in patient.body
    calendar, text, mimetype = invitation_of(patient)
    assert mimetype == "text/calendar; method=REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{invited.reference}@clinic.example"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == NINE
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=30)
    assert "With Dr. Ada Okafor." in str(event["DESCRIPTION"])
    for private in ["Marta", "Quillfeather", "marta@example.com"]:
        assert private not in text

    assert staff.to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert staff.subject == f"Consultation {invited.reference} booked by the patient"
    assert (
        "Booked now: Monday, February 1, 2027, 9:00 AM (EST, clinic time), video call with Dr. Ada Okafor."
        in staff.body
    )
    assert "Marta" not in staff.body and "marta@example.com" not in staff.body


def test_booking_queues_reminders_a_day_and_two_hours_before(invited) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")

    assert reminders(invited) == [
        ("patient_reminder_day", "pending", NINE - datetime.timedelta(hours=24)),
        ("patient_reminder_soon", "pending", NINE - datetime.timedelta(hours=2)),
    ]
    assert OutgoingEmail.objects.get(
        kind="patient_reminder_day"
    ).next_attempt_at == NINE - datetime.timedelta(hours=24)


def test_a_time_not_offered_is_refused_as_taken(invited) -> None:
    with pytest.raises(workflow.Refused) as refused:
        workflow.book(invited, start=clinic_moment(MONDAY, 9, 15), zone="America/New_York")

    assert str(refused.value) == TAKEN
    assert refused.value.about_input
    invited.refresh_from_db()
    assert invited.status == Status.IN_REVIEW
    assert not Booking.objects.exists()
    assert not OutgoingEmail.objects.exists()


class _DriverError(Exception):
    """What psycopg raises, as far as the booking reads it: an SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _deadlocks(times: int):
    """Booking.save as PostgreSQL answers it when two bookings wait for each other: cancelled as a
    deadlock `times` times (Django's OperationalError, the driver's error as its cause), then saved."""
    real_save = Booking.save
    left = [times]

    def save(booking, *args, **kwargs):
        if left[0]:
            left[0] -= 1
            try:
                raise _DriverError("40P01")
            except _DriverError as cause:
                raise OperationalError("deadlock detected") from cause
        return real_save(booking, *args, **kwargs)

    return mock.patch.object(Booking, "save", save)


def test_a_booking_cancelled_as_a_deadlock_is_written_again_and_booked(invited) -> None:
    with _deadlocks(2):
        workflow.book(invited, start=NINE, zone="America/New_York")

    assert Booking.objects.get().starts_at == NINE
    invited.refresh_from_db()
    assert invited.status == Status.SCHEDULED


def test_a_booking_that_keeps_deadlocking_is_refused_as_taken_and_nothing_changes(invited) -> None:
    with _deadlocks(3), pytest.raises(workflow.Refused) as refused:
        workflow.book(invited, start=NINE, zone="America/New_York")

    assert str(refused.value) == TAKEN
    invited.refresh_from_db()
    assert invited.status == Status.IN_REVIEW
    assert not Booking.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_time_another_patient_booked_first_is_refused_and_nothing_changes(
    okafor, coordinator, invited
) -> None:
    other = invited_request(okafor, by=coordinator, email="gia@example.com")
    workflow.book(other, start=NINE, zone="America/New_York")
    history_before = StatusChange.objects.count()

    with pytest.raises(workflow.Refused) as refused:
        workflow.book(invited, start=NINE, zone="America/New_York")

    assert str(refused.value) == TAKEN
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at) == (Status.IN_REVIEW, None)
    assert StatusChange.objects.count() == history_before
    assert list(Booking.objects.values_list("request", flat=True)) == [other.pk]


def test_with_any_clinician_the_time_goes_to_one_still_free(coordinator) -> None:
    okafor = make_clinician()
    ruiz = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")
    first = invited_request(None, by=coordinator)
    second = invited_request(None, by=coordinator)
    third = invited_request(None, by=coordinator)

    workflow.book(first, start=NINE, zone="America/New_York")
    workflow.book(second, start=NINE, zone="America/New_York")
    with pytest.raises(workflow.Refused) as refused:
        workflow.book(third, start=NINE, zone="America/New_York")

    assert {Booking.objects.get(request=first).clinician, Booking.objects.get(request=second).clinician} == {
        okafor,
        ruiz,
    }
    assert str(refused.value) == TAKEN


def test_booking_without_an_invitation_is_refused() -> None:
    consultation = make_request(status=Status.IN_REVIEW)

    with pytest.raises(workflow.Refused) as refused:
        workflow.book(consultation, start=NINE, zone="America/New_York")

    assert (
        str(refused.value) == "This request cannot be booked online. Please write to us if you need a time."
    )


def test_booking_twice_is_refused(invited) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")

    with pytest.raises(workflow.Refused) as refused:
        workflow.book(invited, start=NINE_FORTY, zone="America/New_York")

    assert str(refused.value) == "Your consultation is already booked."
    assert Booking.objects.count() == 1


# Reschedule -----------------------------------------------------------------------------------------------
def test_rescheduling_moves_the_same_event_and_its_reminders(
    invited, django_capture_on_commit_callbacks
) -> None:
    sent(django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/New_York")
    mail.outbox.clear()
    later = clinic_moment(MONDAY + datetime.timedelta(days=1), 14, 20)

    done = sent(
        django_capture_on_commit_callbacks, workflow.reschedule, invited, start=later, zone="America/New_York"
    )

    assert done == "Your consultation has a new time. We have emailed you the updated calendar invitation."
    booking = Booking.objects.get(request=invited)
    assert (booking.starts_at, booking.sequence, booking.status) == (later, 1, "booked")
    invited.refresh_from_db()
    assert (invited.scheduled_at, invited.schedule_sequence) == (later, 1)
    assert history(invited)[-1] == (
        Status.SCHEDULED,
        Status.SCHEDULED,
        "Rescheduled by the patient to 2027-02-02 14:20 EST with Dr. Ada Okafor",
    )
    patient, staff = sorted(mail.outbox, key=lambda message: message.to != ["marta@example.com"])
    assert patient.subject == f"Your consultation time has changed ({invited.reference})"
    [event] = invitation_of(patient)[0].walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (f"{invited.reference}@clinic.example", 1)
    assert event.decoded("DTSTART") == later
    assert staff.subject == f"Consultation {invited.reference} moved by the patient"
    assert reminders(invited) == [
        ("patient_reminder_day", "cancelled", NINE - datetime.timedelta(hours=24)),
        ("patient_reminder_soon", "cancelled", NINE - datetime.timedelta(hours=2)),
        ("patient_reminder_day", "pending", later - datetime.timedelta(hours=24)),
        ("patient_reminder_soon", "pending", later - datetime.timedelta(hours=2)),
    ]


def test_the_old_time_is_free_again_after_rescheduling(okafor, coordinator, invited) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    workflow.reschedule(invited, start=NINE_FORTY, zone="America/New_York")
    other = invited_request(okafor, by=coordinator)

    workflow.book(other, start=NINE, zone="America/New_York")

    assert Booking.objects.get(request=other).starts_at == NINE


# Cut-off ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("operation", ["reschedule", "cancel"])
def test_the_patient_can_change_until_the_cutoff_and_not_after(
    invited, clock, settings: Settings, operation: str
) -> None:
    settings.BOOKING_CUTOFF_HOURS = 12
    workflow.book(invited, start=NINE, zone="America/New_York")
    run = {
        "reschedule": lambda: workflow.reschedule(
            invited, start=clinic_moment(MONDAY, 14, 20), zone="America/New_York"
        ),
        "cancel": lambda: workflow.cancel(invited),
    }[operation]

    clock.move_to(NINE - datetime.timedelta(hours=12))
    with pytest.raises(workflow.Refused) as refused:
        run()
    assert str(refused.value) == (
        "Your consultation is less than 12 hours away, so it can no longer be changed here. "
        "Please write to privacy@welltopia.example."
    )
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at) == (Status.SCHEDULED, NINE)

    clock.move_to(NINE - datetime.timedelta(hours=12, seconds=1))
    run()


def test_the_cutoff_is_a_setting(invited, clock, settings: Settings) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    clock.move_to(NINE - datetime.timedelta(hours=20))
    settings.BOOKING_CUTOFF_HOURS = 24

    assert not workflow.patient_available(invited, Booking.objects.get(), workflow.open_invitation(invited))[
        "can_cancel_booking"
    ]
    settings.BOOKING_CUTOFF_HOURS = 12
    assert workflow.patient_available(invited, Booking.objects.get(), workflow.open_invitation(invited))[
        "can_cancel_booking"
    ]


# Cancel -----------------------------------------------------------------------------------------------------
def test_the_patient_cancels_the_calendar_event_goes_and_staff_are_told(
    invited, django_capture_on_commit_callbacks, settings: Settings
) -> None:
    sent(django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/New_York")
    mail.outbox.clear()

    done = sent(django_capture_on_commit_callbacks, workflow.cancel, invited)

    assert done == "Your consultation is cancelled. We have emailed you to confirm."
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at) == (Status.IN_REVIEW, None)
    booking = Booking.objects.get(request=invited)
    assert (booking.status, booking.sequence) == ("cancelled", 1)
    assert history(invited)[-1] == (
        Status.SCHEDULED,
        Status.IN_REVIEW,
        "Cancelled by the patient (was 2027-02-01 09:00 EST with Dr. Ada Okafor)",
    )
    patient, staff = sorted(mail.outbox, key=lambda message: message.to != ["marta@example.com"])
    assert patient.subject == f"Your consultation is cancelled ({invited.reference})"
    assert "You can choose a new time on your private status page:" in patient.body
    calendar, _text, mimetype = invitation_of(patient)
    assert mimetype == "text/calendar; method=CANCEL"
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), str(event["STATUS"])) == ("CANCEL", "CANCELLED")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (f"{invited.reference}@clinic.example", 1)
    assert staff.to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert staff.subject == f"Consultation {invited.reference} cancelled by the patient"
    assert "No consultation is booked for this request now." in staff.body
    assert [status for _kind, status, _at in reminders(invited)] == ["cancelled", "cancelled"]


def test_a_booking_after_a_cancellation_is_a_new_calendar_event(
    invited, django_capture_on_commit_callbacks
) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    workflow.cancel(invited)

    sent(
        django_capture_on_commit_callbacks, workflow.book, invited, start=NINE_FORTY, zone="America/New_York"
    )

    [patient] = [message for message in mail.outbox if message.to == ["marta@example.com"]]
    [event] = invitation_of(patient)[0].walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (f"{invited.reference}-2@clinic.example", 0)
    assert list(Booking.objects.values_list("number", "status")) == [(1, "cancelled"), (2, "booked")]


def test_the_cancellation_email_is_about_the_cancelled_booking_even_if_another_followed(
    invited, settings: Settings
) -> None:
    settings.EMAIL_DELIVERY = "worker"
    workflow.book(invited, start=NINE, zone="America/New_York")
    workflow.cancel(invited)
    workflow.book(invited, start=NINE_FORTY, zone="America/New_York")

    while outbox.deliver_next("test-worker"):
        pass

    [cancellation] = [
        message
        for message in mail.outbox
        if message.to == ["marta@example.com"] and "cancelled" in message.subject
    ]
    [event] = invitation_of(cancellation)[0].walk("VEVENT")
    assert (str(event["UID"]), event.decoded("DTSTART")) == (f"{invited.reference}@clinic.example", NINE)


def test_staff_cancel_a_booking_and_the_patient_may_choose_again(
    invited, coordinator, django_capture_on_commit_callbacks
) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    mail.outbox.clear()

    message = sent(django_capture_on_commit_callbacks, workflow.cancel_by_staff, invited, by=coordinator)

    assert message == (
        f"{invited.reference}: the booking is cancelled and the patient is being emailed. "
        "They can choose a new time on their status page."
    )
    invited.refresh_from_db()
    assert invited.status == Status.IN_REVIEW
    assert history(invited)[-1][2] == "Booking cancelled by staff (was 2027-02-01 09:00 EST)"
    assert [message.subject for message in mail.outbox] == [
        f"Your consultation is cancelled ({invited.reference})"
    ]
    assert AccessLog.objects.filter(user=coordinator, detail="Cancelled the booking").exists()


# No-show and complete ------------------------------------------------------------------------------------------
def test_a_no_show_is_recorded_once_the_time_has_come(invited, coordinator, clock) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    with pytest.raises(workflow.Refused) as refused:
        workflow.no_show(invited, by=coordinator)
    assert str(refused.value) == "A consultation can be marked as not attended once its time has come."

    clock.move_to(NINE + datetime.timedelta(minutes=15))
    message = workflow.no_show(invited, by=coordinator)

    assert message == (
        f"{invited.reference} is recorded as not attended and is back in review: "
        "invite the patient to book again, or decline."
    )
    assert Booking.objects.get(request=invited).status == "no_show"
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at) == (Status.IN_REVIEW, None)
    assert history(invited)[-1][2] == "Did not attend the consultation booked for 2027-02-01 09:00 EST"
    assert workflow.open_invitation(invited) is None
    assert AccessLog.objects.filter(user=coordinator, detail="Recorded a no-show").exists()


def test_completing_completes_the_booking_and_drops_the_reminders(invited, coordinator, clock) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    clock.move_to(NINE + datetime.timedelta(minutes=35))  # the reminders were never sent: no worker ran

    workflow.complete(invited, coordinator)

    assert Booking.objects.get(request=invited).status == "completed"
    assert reminders(invited)[-1][1] == "cancelled"
    assert workflow.open_invitation(invited) is None


# Withdraw and decline ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("move", ["withdraw", "decline"])
def test_a_request_closed_while_booked_frees_the_time_cancels_the_event_and_every_reminder(
    invited, coordinator, okafor, django_capture_on_commit_callbacks, move: str
) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if move == "withdraw":
            workflow.withdraw(invited, delete_data=False)
        else:
            workflow.decline(invited, reason="Not a fit.", message="We are sorry.", by=coordinator)

    assert Booking.objects.get(request=invited).status == "cancelled"
    assert [status for _kind, status, _at in reminders(invited)] == ["cancelled", "cancelled"]
    cancellation = next(message for message in mail.outbox if "is cancelled" in message.subject)
    assert str(invitation_of(cancellation)[0]["METHOD"]) == "CANCEL"
    assert "You can choose a new time" not in cancellation.body
    assert workflow.open_invitation(invited) is None
    other = invited_request(okafor, by=coordinator)
    workflow.book(other, start=NINE, zone="America/New_York")


# Reminders at their time -----------------------------------------------------------------------------------------
def test_the_reminders_go_out_at_their_time_and_say_when_and_how(
    invited, clock, settings: Settings, django_capture_on_commit_callbacks
) -> None:
    settings.VIDEO_LINK_TEMPLATE = "https://meet.clinic.example/{reference}"
    sent(django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/Chicago")
    mail.outbox.clear()

    clock.move_to(NINE - datetime.timedelta(hours=24, minutes=1))
    assert not outbox.deliver_next("worker")
    clock.move_to(NINE - datetime.timedelta(hours=24))
    assert outbox.deliver_next("worker")
    clock.move_to(NINE - datetime.timedelta(hours=2))
    assert outbox.deliver_next("worker")

    day, soon = mail.outbox
    assert day.subject == f"Reminder: your consultation is tomorrow ({invited.reference})"
    assert "When: Monday, February 1, 2027, 8:00 AM (CST)" in day.body
    assert (
        f"Join the video call at the time of your consultation: https://meet.clinic.example/{invited.reference}"
        in day.body
    )
    assert "Need to change the time or cancel? You can, on your private status page:" in day.body
    assert soon.subject == f"Reminder: your consultation starts in 2 hours ({invited.reference})"
    assert "If you cannot make it, please write to privacy@welltopia.example as soon as you can." in soon.body


def test_a_reminder_whose_request_was_closed_some_other_way_is_never_sent(
    invited, clock, django_capture_on_commit_callbacks
) -> None:
    sent(django_capture_on_commit_callbacks, workflow.book, invited, start=NINE, zone="America/New_York")
    # As if the request had been declined by a path that forgot the reminders.
    ConsultationRequest.objects.filter(pk=invited.pk).update(status=Status.DECLINED)
    mail.outbox.clear()

    clock.move_to(NINE - datetime.timedelta(hours=2))
    while outbox.deliver_next("worker"):
        pass

    assert mail.outbox == []
    assert [status for _kind, status, _at in reminders(invited)] == ["cancelled", "cancelled"]


# Staff set the time directly -----------------------------------------------------------------------------------------
def test_staff_scheduling_with_a_clinician_holds_their_time(okafor, coordinator, invited) -> None:
    consultation = make_request(status=Status.IN_REVIEW, state="CA")

    workflow.schedule(consultation, at=NINE, kind="phone", by=coordinator, clinician=okafor)

    booking = Booking.objects.get(request=consultation)
    assert (booking.clinician, booking.booked_by, booking.time_zone) == (okafor, coordinator, "")
    assert history(consultation)[-1][2] == "Scheduled for 2027-02-01 09:00 EST with Dr. Ada Okafor"
    with pytest.raises(workflow.Refused) as refused:
        workflow.book(invited, start=NINE, zone="America/New_York")
    assert str(refused.value) == TAKEN


def test_staff_cannot_set_a_time_over_another_booking_of_the_clinician(okafor, coordinator, invited) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    consultation = make_request(status=Status.IN_REVIEW, state="CA")

    with pytest.raises(workflow.Refused) as refused:
        workflow.schedule(
            consultation,
            at=NINE + datetime.timedelta(minutes=20),
            kind="video",
            by=coordinator,
            clinician=okafor,
        )

    assert str(refused.value) == "Dr. Ada Okafor already has a consultation at that time."
    assert refused.value.about_input
    consultation.refresh_from_db()
    assert consultation.status == Status.IN_REVIEW


def test_staff_moving_a_booked_time_moves_the_booking_and_its_reminders(okafor, coordinator, invited) -> None:
    workflow.book(invited, start=NINE, zone="America/New_York")
    invited.refresh_from_db()
    later = clinic_moment(MONDAY, 15)

    workflow.schedule(invited, at=later, kind="video", by=coordinator, clinician=okafor)

    booking = Booking.objects.get(request=invited)
    assert (booking.starts_at, booking.sequence) == (later, 1)
    assert (booking.booked_by, booking.time_zone) == (coordinator, "America/New_York")
    assert [(status, at) for _kind, status, at in reminders(invited)][-2:] == [
        ("pending", later - datetime.timedelta(hours=24)),
        ("pending", later - datetime.timedelta(hours=2)),
    ]


def test_staff_scheduling_without_a_clinician_still_has_a_booking_and_reminders(coordinator) -> None:
    consultation = make_request(status=Status.IN_REVIEW)

    workflow.schedule(consultation, at=NINE, kind="video", by=coordinator)

    booking = Booking.objects.get(request=consultation)
    assert (booking.clinician, booking.ends_at - booking.starts_at) == (None, datetime.timedelta(minutes=30))
    assert len(reminders(consultation)) == 2
