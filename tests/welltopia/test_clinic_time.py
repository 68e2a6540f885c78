"""Dates and hours are the clinic's, whatever the hour in UTC and wherever the server is.

Between midnight UTC and midnight in New York (five hours every evening) the UTC date is a
day ahead of the clinic's; these tests stand in that gap on purpose.
"""

import datetime

import pytest
import time_machine
from django.test import Client

from intake.models import ConsultationRequest
from tests.support.html import read
from tests.support.patients import valid_form_data
from welltopia import clinic_time

pytestmark = pytest.mark.django_db

# 21:00 on 26 November at the clinic (EST), already 27 November in UTC.
EVENING_AT_THE_CLINIC = "2026-11-27T02:00:00Z"
# 00:30 on 27 November at the clinic.
JUST_AFTER_CLINIC_MIDNIGHT = "2026-11-27T05:30:00Z"


def test_today_is_the_clinic_date_not_the_utc_date() -> None:
    with time_machine.travel(EVENING_AT_THE_CLINIC, tick=False):
        assert clinic_time.today() == datetime.date(2026, 11, 26)
        assert clinic_time.now().hour == 21


def test_the_clinic_date_turns_at_the_clinic_midnight() -> None:
    with time_machine.travel(JUST_AFTER_CLINIC_MIDNIGHT, tick=False):
        assert clinic_time.today() == datetime.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("moment", "label"),
    [("2026-07-01T16:00:00Z", "EDT"), ("2026-12-01T16:00:00Z", "EST")],
)
def test_zone_label_follows_daylight_saving(moment: str, label: str) -> None:
    assert clinic_time.zone_label(datetime.datetime.fromisoformat(moment)) == label


def test_at_names_the_clinic_wall_clock_on_a_daylight_saving_change_day() -> None:
    # Clocks went back at 2:00 on 1 November 2026: 9:00 that morning is EST (UTC-5).
    moment = clinic_time.at(datetime.date(2026, 11, 1), datetime.time(9, 0))

    assert moment.astimezone(datetime.UTC) == datetime.datetime(2026, 11, 1, 14, 0, tzinfo=datetime.UTC)


def test_someone_whose_18th_birthday_is_tomorrow_at_the_clinic_is_refused(client: Client) -> None:
    """In UTC it is already their birthday; at the clinic it is not, and the clinic's date decides."""
    with time_machine.travel(EVENING_AT_THE_CLINIC, tick=False):
        response = client.post("/consultation/", valid_form_data(date_of_birth="2008-11-27"))

    assert response.status_code == 200
    assert "You need to be 18 or older to request a consultation." in read(response).main_text
    assert not ConsultationRequest.objects.exists()


def test_someone_is_accepted_from_the_first_minute_of_their_18th_birthday_at_the_clinic(
    client: Client,
) -> None:
    with time_machine.travel(JUST_AFTER_CLINIC_MIDNIGHT, tick=False):
        response = client.post("/consultation/", valid_form_data(date_of_birth="2008-11-27"))

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().date_of_birth == datetime.date(2008, 11, 27)


def test_a_diagnosis_in_next_years_utc_year_is_in_the_future_at_the_clinic(client: Client) -> None:
    # 22:00 on New Year's Eve at the clinic, already 2027 in UTC.
    with time_machine.travel("2027-01-01T03:00:00Z", tick=False):
        refused = client.post("/consultation/", valid_form_data(diagnosis_year="2027"))
        accepted = client.post("/consultation/", valid_form_data(diagnosis_year="2026"))

    assert "The year you were diagnosed can't be in the future." in read(refused).main_text
    assert accepted.status_code == 302
