"""Open slots: derived from weekly hours, exceptions and bookings, in the clinic's zone, across
daylight-saving changes both ways, and shown in the patient's zone."""

import datetime
import itertools
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from intake import slots, time_zones
from intake.models import AvailabilityException, Booking, License, WeeklyHours
from tests.support.booking import clinic_moment, make_clinician
from tests.support.patients import make_request

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
PHOENIX = zoneinfo.ZoneInfo("America/Phoenix")
HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")
# Fixed days in 2027 (clinic: America/New_York). Clocks go forward at 2:00 on Sunday 14 March
# and back at 2:00 on Sunday 7 November.
MONDAY = datetime.date(2027, 2, 1)
SPRING_FORWARD = datetime.date(2027, 3, 14)
FALL_BACK = datetime.date(2027, 11, 7)
SUNDAY = 6


def the_week_before(day: datetime.date, hour: int = 8) -> datetime.datetime:
    """'Now' a week before `day`, so that day is well inside the offered weeks."""
    return clinic_moment(day - datetime.timedelta(days=7), hour)


def wall_clock(found: list[slots.Slot], zone: datetime.tzinfo = NEW_YORK) -> list[str]:
    return [f"{slot.starts_at.astimezone(zone):%Y-%m-%d %H:%M %Z}" for slot in found]


def on(day: datetime.date, found: list[slots.Slot], zone: datetime.tzinfo = NEW_YORK) -> list[slots.Slot]:
    return [slot for slot in found if slot.starts_at.astimezone(zone).date() == day]


# Weekly hours ------------------------------------------------------------------------------------
def test_a_day_of_hours_gives_a_consultation_every_length_plus_buffer() -> None:
    clinician = make_clinician(minutes=30, buffer=10)

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert [f"{slot.starts_at.astimezone(NEW_YORK):%H:%M}" for slot in found] == [
        "09:00", "09:40", "10:20", "11:00", "11:40", "12:20", "13:00", "13:40", "14:20", "15:00", "15:40",
        "16:20",
    ]  # fmt: skip
    first = found[0]
    assert first.starts_at == datetime.datetime(2027, 2, 1, 14, 0, tzinfo=UTC)
    assert (first.ends_at - first.starts_at, first.blocked_until - first.starts_at) == (
        datetime.timedelta(minutes=30),
        datetime.timedelta(minutes=40),
    )
    assert found[-1].ends_at <= clinic_moment(MONDAY, 17)


def test_only_the_weekdays_with_hours_have_slots() -> None:
    clinician = make_clinician(days=[0, 2])  # Mondays and Wednesdays

    found = slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY))

    assert {slot.starts_at.astimezone(NEW_YORK).strftime("%A") for slot in found} == {"Monday", "Wednesday"}


def test_two_stretches_on_one_day_are_both_offered() -> None:
    clinician = make_clinician(days=[], minutes=60, buffer=0)
    WeeklyHours.objects.create(
        clinician=clinician, weekday=0, starts=datetime.time(9), ends=datetime.time(11)
    )
    WeeklyHours.objects.create(
        clinician=clinician, weekday=0, starts=datetime.time(14), ends=datetime.time(16)
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert [f"{slot.starts_at.astimezone(NEW_YORK):%H:%M}" for slot in found] == [
        "09:00",
        "10:00",
        "14:00",
        "15:00",
    ]


def test_the_hours_are_the_clinics_whatever_zone_it_is_in(settings: Settings) -> None:
    settings.CLINIC_TIME_ZONE = "America/Los_Angeles"
    clinician = make_clinician(minutes=60, buffer=0)

    los_angeles = zoneinfo.ZoneInfo("America/Los_Angeles")
    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)), los_angeles)

    assert found[0].starts_at == datetime.datetime(2027, 2, 1, 17, 0, tzinfo=UTC)  # 9:00 PST


# What is offered: from the cut-off, for the weeks ahead ------------------------------------------
def test_nothing_sooner_than_the_cutoff_is_offered(settings: Settings) -> None:
    settings.BOOKING_CUTOFF_HOURS = 12
    clinician = make_clinician(days=range(7))
    now = clinic_moment(MONDAY, 1, 15)  # 13:15 at the earliest

    found = slots.open_slots([clinician], state="CA", now=now)

    assert found[0].starts_at >= now + datetime.timedelta(hours=12)
    assert f"{found[0].starts_at.astimezone(NEW_YORK):%Y-%m-%d %H:%M}" == "2027-02-01 13:40"


def test_only_the_configured_weeks_ahead_are_offered(settings: Settings) -> None:
    settings.BOOKING_WEEKS_AHEAD = 2
    clinician = make_clinician(days=range(7))
    now = clinic_moment(MONDAY, 8)

    found = slots.open_slots([clinician], state="CA", now=now)

    last_day = found[-1].starts_at.astimezone(NEW_YORK).date()
    assert last_day == MONDAY + datetime.timedelta(weeks=2)


# Bookings ------------------------------------------------------------------------------------------
def test_a_booking_takes_its_slot_and_its_buffer() -> None:
    clinician = make_clinician(minutes=30, buffer=10)
    start = clinic_moment(MONDAY, 9, 40)
    Booking.objects.create(
        request=make_request(),
        clinician=clinician,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert wall_clock(found[:3]) == ["2027-02-01 09:00 EST", "2027-02-01 10:20 EST", "2027-02-01 11:00 EST"]


def test_a_booking_off_the_grid_takes_every_slot_it_overlaps() -> None:
    clinician = make_clinician(minutes=30, buffer=10)
    start = clinic_moment(MONDAY, 9, 50)  # set by staff between two slots
    Booking.objects.create(
        request=make_request(),
        clinician=clinician,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=30),
        consultation_type="phone",
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    # 9:40 (held to 10:20) meets 9:50 to 10:20; 10:20 starts as it ends.
    assert wall_clock(found[:3]) == ["2027-02-01 09:00 EST", "2027-02-01 10:20 EST", "2027-02-01 11:00 EST"]


def test_a_cancelled_booking_frees_its_time() -> None:
    clinician = make_clinician()
    start = clinic_moment(MONDAY, 9)
    Booking.objects.create(
        request=make_request(),
        clinician=clinician,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
        status=Booking.Status.CANCELLED,
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert found[0].starts_at == start


def test_another_clinicians_booking_takes_nothing() -> None:
    clinician = make_clinician()
    other = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")
    start = clinic_moment(MONDAY, 9)
    Booking.objects.create(
        request=make_request(),
        clinician=other,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        blocked_until=start + datetime.timedelta(minutes=40),
        consultation_type="video",
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert found[0].starts_at == start


# Exceptions -----------------------------------------------------------------------------------------
def test_whole_days_off_have_no_slots() -> None:
    clinician = make_clinician()
    AvailabilityException.objects.create(
        clinician=clinician, kind="off", first_day=MONDAY, last_day=MONDAY + datetime.timedelta(days=2)
    )

    found = slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY))

    days = {slot.starts_at.astimezone(NEW_YORK).date() for slot in found}
    assert MONDAY - datetime.timedelta(days=3) in days  # the Friday before
    assert not {MONDAY, MONDAY + datetime.timedelta(days=1), MONDAY + datetime.timedelta(days=2)} & days
    assert MONDAY + datetime.timedelta(days=3) in days


def test_part_of_a_day_off_removes_only_those_hours() -> None:
    clinician = make_clinician(minutes=60, buffer=0)
    AvailabilityException.objects.create(
        clinician=clinician, kind="off", first_day=MONDAY, starts=datetime.time(10), ends=datetime.time(15)
    )

    found = on(MONDAY, slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)))

    assert [f"{slot.starts_at.astimezone(NEW_YORK):%H:%M}" for slot in found] == ["09:00", "15:00", "16:00"]


def test_extra_hours_add_slots_even_on_a_day_off() -> None:
    clinician = make_clinician(minutes=60, buffer=0)
    saturday = MONDAY + datetime.timedelta(days=5)
    AvailabilityException.objects.create(
        clinician=clinician, kind="off", first_day=MONDAY, last_day=MONDAY + datetime.timedelta(days=6)
    )
    AvailabilityException.objects.create(
        clinician=clinician,
        kind="extra",
        first_day=saturday,
        starts=datetime.time(10),
        ends=datetime.time(12),
    )

    found = [
        slot
        for slot in slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY))
        if MONDAY <= slot.starts_at.astimezone(NEW_YORK).date() <= MONDAY + datetime.timedelta(days=6)
    ]

    assert wall_clock(found) == ["2027-02-06 10:00 EST", "2027-02-06 11:00 EST"]


# Licenses --------------------------------------------------------------------------------------------
def test_only_clinicians_licensed_for_the_state_are_offered() -> None:
    clinician = make_clinician(states=("NY",))

    assert slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY)) == []
    assert slots.open_slots([clinician], state="NY", now=the_week_before(MONDAY)) != []


def test_no_time_is_offered_after_the_license_expires() -> None:
    clinician = make_clinician(states=("CA",))
    License.objects.filter(clinician=clinician).update(expires_on=MONDAY)

    found = slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY))

    assert max(slot.starts_at.astimezone(NEW_YORK).date() for slot in found) == MONDAY


# Daylight saving: the stretch holds as many consultations as it has real time for --------------------
def test_the_night_clocks_go_forward_offers_no_time_that_never_happens() -> None:
    clinician = make_clinician(
        days=[SUNDAY], hours=(datetime.time(1), datetime.time(4)), minutes=30, buffer=10
    )

    found = on(SPRING_FORWARD, slots.open_slots([clinician], state="CA", now=the_week_before(SPRING_FORWARD)))

    # 1:00 to 4:00 by the clock is two real hours: 2:00 to 3:00 does not exist.
    assert wall_clock(found) == ["2027-03-14 01:00 EST", "2027-03-14 01:40 EST", "2027-03-14 03:20 EDT"]
    assert [slot.starts_at for slot in found] == [
        datetime.datetime(2027, 3, 14, 6, 0, tzinfo=UTC),
        datetime.datetime(2027, 3, 14, 6, 40, tzinfo=UTC),
        datetime.datetime(2027, 3, 14, 7, 20, tzinfo=UTC),
    ]
    assert found[-1].ends_at <= datetime.datetime(2027, 3, 14, 8, 0, tzinfo=UTC)  # 4:00 EDT


def test_the_night_clocks_go_back_offers_the_repeated_hour_once_each_time_without_overlap() -> None:
    clinician = make_clinician(
        days=[SUNDAY], hours=(datetime.time(1), datetime.time(4)), minutes=30, buffer=10
    )

    found = on(FALL_BACK, slots.open_slots([clinician], state="CA", now=the_week_before(FALL_BACK)))

    # 1:00 EDT to 4:00 EST is four real hours: the hour from 1:00 happens twice.
    assert wall_clock(found) == [
        "2027-11-07 01:00 EDT", "2027-11-07 01:40 EDT", "2027-11-07 01:20 EST", "2027-11-07 02:00 EST",
        "2027-11-07 02:40 EST", "2027-11-07 03:20 EST",
    ]  # fmt: skip
    for earlier, later in itertools.pairwise(found):
        assert earlier.blocked_until <= later.starts_at
    assert found[-1].ends_at <= datetime.datetime(2027, 11, 7, 9, 0, tzinfo=UTC)  # 4:00 EST


def test_working_hours_keep_their_clock_time_across_the_change_in_both_directions() -> None:
    clinician = make_clinician(days=[0], minutes=60, buffer=0)  # Mondays 9:00 to 17:00

    spring = slots.open_slots([clinician], state="CA", now=the_week_before(SPRING_FORWARD))
    autumn = slots.open_slots([clinician], state="CA", now=the_week_before(FALL_BACK))

    def first_on(day: datetime.date, found: list[slots.Slot]) -> datetime.datetime:
        return on(day, found)[0].starts_at

    assert first_on(datetime.date(2027, 3, 8), spring) == datetime.datetime(2027, 3, 8, 14, 0, tzinfo=UTC)
    assert first_on(datetime.date(2027, 3, 15), spring) == datetime.datetime(2027, 3, 15, 13, 0, tzinfo=UTC)
    assert first_on(datetime.date(2027, 11, 1), autumn) == datetime.datetime(2027, 11, 1, 13, 0, tzinfo=UTC)
    assert first_on(datetime.date(2027, 11, 8), autumn) == datetime.datetime(2027, 11, 8, 14, 0, tzinfo=UTC)


# The patient's zone ------------------------------------------------------------------------------------
def test_a_patient_in_arizona_sees_the_clinics_nine_oclock_move_when_only_the_clinic_changes_clocks() -> None:
    clinician = make_clinician(days=[0], minutes=60, buffer=0)

    found = slots.open_slots([clinician], state="CA", now=the_week_before(SPRING_FORWARD))
    shown = {
        day: next(f"{slot.starts_at.astimezone(PHOENIX):%H:%M %Z}" for slot in day_slots)
        for day, day_slots in slots.by_day(found, PHOENIX)
    }

    assert shown[datetime.date(2027, 3, 8)] == "07:00 MST"
    assert shown[datetime.date(2027, 3, 15)] == "06:00 MST"


def test_times_are_grouped_by_the_patients_date_not_the_clinics() -> None:
    clinician = make_clinician(days=[], minutes=30, buffer=0)
    AvailabilityException.objects.create(
        clinician=clinician,
        kind="extra",
        first_day=MONDAY,
        starts=datetime.time(0, 0),
        ends=datetime.time(1, 0),
    )

    found = slots.open_slots([clinician], state="CA", now=the_week_before(MONDAY))
    days = slots.by_day(found, HONOLULU)

    # 00:00 and 00:30 on Monday in New York are 19:00 and 19:30 on Sunday in Honolulu.
    assert [
        (day, [f"{slot.starts_at.astimezone(HONOLULU):%H:%M}" for slot in items]) for day, items in days
    ] == [(datetime.date(2027, 1, 31), ["19:00", "19:30"])]


def test_a_time_two_clinicians_offer_is_listed_once() -> None:
    one = make_clinician()
    two = make_clinician("dr_ruiz", name="Dr. Luis Ruiz")

    found = slots.open_slots([one, two], state="CA", now=the_week_before(MONDAY))
    days = dict(slots.by_day(found, NEW_YORK))

    assert len([slot for slot in found if slot.starts_at == clinic_moment(MONDAY, 9)]) == 2
    assert [slot.starts_at for slot in days[MONDAY]][:2] == [
        clinic_moment(MONDAY, 9),
        clinic_moment(MONDAY, 9, 40),
    ]


def test_each_state_starts_in_the_zone_most_of_its_people_use() -> None:
    assert time_zones.for_state("CA") == "America/Los_Angeles"
    assert time_zones.for_state("AZ") == "America/Phoenix"
    assert time_zones.for_state("TX") == "America/Chicago"
    assert time_zones.for_state("NY") == "America/New_York"
    assert time_zones.chosen("America/Denver", "TX") == "America/Denver"
    assert time_zones.chosen("Europe/Paris", "TX") == "America/Chicago"  # not one we offer


# Queries ---------------------------------------------------------------------------------------------------
def test_the_slots_of_many_clinicians_with_many_bookings_take_as_many_queries_as_one() -> None:
    """Guards open_slots against a query per clinician, day or booking (hours, exceptions, licenses, bookings)."""
    first = make_clinician()
    with CaptureQueriesContext(connection) as one:
        slots.open_slots([first], state="CA", now=the_week_before(MONDAY))

    many = [first, *(make_clinician(f"dr_{n}", name=f"Dr. {n}") for n in range(4))]
    for clinician in many:
        for hour in (9, 11, 13):
            start = clinic_moment(MONDAY, hour)
            Booking.objects.create(
                request=make_request(),
                clinician=clinician,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=30),
                blocked_until=start + datetime.timedelta(minutes=40),
                consultation_type="video",
            )
        AvailabilityException.objects.create(clinician=clinician, kind="off", first_day=MONDAY)
    fresh = list(type(first).objects.filter(pk__in=[clinician.pk for clinician in many]))
    with CaptureQueriesContext(connection) as five:
        slots.open_slots(fresh, state="CA", now=the_week_before(MONDAY))

    assert len(five) == len(one) == 4
