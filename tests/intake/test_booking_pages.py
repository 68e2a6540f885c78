"""The patient's booking pages under the status page: times in their zone grouped by day, confirm,
book, the time taken in the meantime, change and cancel until the cut-off, without JavaScript."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from intake import workflow
from intake.models import Booking, ConsultationRequest
from tests.support.booking import BOOKING_MONDAY, TAKEN, clinic_moment, invited_request, make_clinician
from tests.support.html import Element, form_data, page, read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = ConsultationRequest.Status
MONDAY = BOOKING_MONDAY
NINE = clinic_moment(MONDAY, 9)


@pytest.fixture
def invited(okafor, coordinator) -> ConsultationRequest:
    return invited_request(okafor, by=coordinator, state="CA", first_name="Marta", last_name="Quillfeather")


def times_section(response) -> Element:
    return page(response).find(id="times")


def days(section: Element) -> dict[str, list[str]]:
    """{day heading: [the times as the links read, without the hidden day]} in page order."""
    return {
        day.find("h3").text: [link.find("time").text for link in day.find_all("a")]
        for day in section.find_all("section", cls="slot-day")
    }


def link_to(section: Element, day: str, time: str) -> str:
    for block in section.find_all("section", cls="slot-day"):
        if block.find("h3").text == day:
            for link in block.find_all("a"):
                if link.find("time").text == time:
                    return link.attrs["href"]
    raise LookupError(f"{day} {time} is not offered")


def book(client: Client, consultation: ConsultationRequest, day: str, time: str, **query: str):
    """As a patient does: open the status page, follow a time's link, press the button."""
    status = client.get(consultation.get_status_url(), query)
    confirm = client.get(link_to(times_section(status), day, time))
    data = {
        name: values
        for name, values in form_data(confirm, "choose-form").items()
        if name != "csrfmiddlewaretoken"
    }
    return client.post(confirm.request["PATH_INFO"], data, follow=True)


# The times ------------------------------------------------------------------------------------------------
def test_an_invited_patient_sees_the_times_in_their_states_zone_grouped_by_day(
    client: Client, invited
) -> None:
    response = client.get(invited.get_status_url())

    section = times_section(response)
    assert section.find("h2").text == "Choose a time for your consultation"
    assert "Your consultation will be a video call with Dr. Ada Okafor." in section.text
    assert "Times are shown in Pacific time (Los Angeles, Seattle)." in section.text
    shown = days(section)
    # The first day with times at least 12 hours ahead; a clinic 9:00 EST is 6:00 AM in California.
    assert list(shown)[:5] == [
        "Tuesday, January 26",
        "Wednesday, January 27",
        "Thursday, January 28",
        "Friday, January 29",
        "Monday, February 1",
    ]
    assert shown["Monday, February 1"][:3] == ["6:00 AM", "6:40 AM", "7:20 AM"]
    assert shown["Monday, February 1"][-1] == "1:20 PM"
    assert "What happens next: choose a time for your consultation below." in read(response).main_text


def test_each_time_is_a_link_that_names_its_day_for_screen_readers(client: Client, invited) -> None:
    section = times_section(client.get(invited.get_status_url()))

    first = section.find("section", cls="slot-day").find("a")
    assert first.text == "6:00 AM, Tuesday, January 26"
    assert first.find("time").attrs["datetime"] == "2027-01-26T14:00:00+00:00"
    assert first.attrs["href"] == (
        f"/consultation/status/{invited.status_token}/times/20270126T1400Z/?zone=America%2FLos_Angeles"
    )


def test_the_patient_can_show_the_times_in_another_zone(client: Client, invited) -> None:
    response = client.get(invited.get_status_url(), {"zone": "America/Phoenix"})

    section = times_section(response)
    assert "Times are shown in Arizona time (Phoenix, no daylight saving)." in section.text
    assert days(section)["Monday, February 1"][0] == "7:00 AM"
    chosen = [
        option.attrs["value"]
        for option in section.find("select").find_all("option")
        if "selected" in option.attrs
    ]
    assert chosen == ["America/Phoenix"]
    assert section.find("label").text == "Show the times in"
    assert page(response).find("form", cls="zone-form").attrs["method"] == "get"


def test_a_zone_we_do_not_offer_falls_back_to_the_states(client: Client, invited) -> None:
    section = times_section(client.get(invited.get_status_url(), {"zone": "Mars/Olympus"}))

    assert "Times are shown in Pacific time (Los Angeles, Seattle)." in section.text


def test_the_times_come_a_week_at_a_time(client: Client, invited) -> None:
    first = times_section(client.get(invited.get_status_url()))
    later_link = first.find("nav", cls="slot-pages").find("a")
    assert later_link.text == "Later times →"

    second = times_section(client.get(later_link.attrs["href"]))

    assert next(iter(days(second))) == "Tuesday, February 2"
    assert [link.text for link in second.find("nav", cls="slot-pages").find_all("a")] == [
        "← Earlier times",
        "Later times →",
    ]


def test_without_open_times_the_patient_is_told_how_to_get_one(client: Client, invited, okafor) -> None:
    okafor.weekly_hours.all().delete()

    section = times_section(client.get(invited.get_status_url()))

    assert (
        "There are no open times in the next 4 weeks right now. Please write to privacy@welltopia.example"
        in (section.text)
    )


def test_a_request_not_invited_shows_no_times(client: Client) -> None:
    from tests.support.patients import make_request

    consultation = make_request(status=Status.IN_REVIEW)

    response = client.get(consultation.get_status_url())

    assert page(response).find_all(id="times") == []
    assert "we will contact you to arrange a time" in read(response).main_text


def test_the_status_page_makes_as_many_queries_with_many_clinicians_and_bookings(
    client: Client, coordinator
) -> None:
    """Guards the times on the status page against a query per clinician, day or booking."""
    make_clinician()
    consultation = invited_request(None, by=coordinator, state="CA")
    with CaptureQueriesContext(connection) as few:
        client.get(consultation.get_status_url())

    for number in range(4):
        make_clinician(f"dr_{number}", name=f"Dr. {number}")
    for number in range(6):
        other = invited_request(None, by=coordinator, state="CA")
        workflow.book(other, start=NINE + datetime.timedelta(minutes=40 * number), zone="America/New_York")
    with CaptureQueriesContext(connection) as many:
        client.get(consultation.get_status_url())

    assert len(many) == len(few)


# Choosing and booking ---------------------------------------------------------------------------------------
def test_the_confirmation_page_says_what_will_be_booked(client: Client, invited) -> None:
    section = times_section(client.get(invited.get_status_url()))

    response = client.get(link_to(section, "Monday, February 1", "6:00 AM"))

    text = read(response).main_text
    assert read(response).title == "Book this time? · Welltopia"
    assert (
        "When Monday, February 1, 2027, 6:00 AM (Pacific time (Los Angeles, Seattle)) 9:00 AM EST at the clinic"
        in text
    )
    assert "How long 30 minutes" in text
    assert "How Video call" in text
    assert "With Dr. Ada Okafor" in text
    assert page(response).find("form", id="choose-form").find("button").text == "Book this time"
    assert response["Cache-Control"].count("no-store") == 1
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_patient_books_and_the_status_page_shows_their_consultation(
    client: Client, invited, settings: Settings
) -> None:
    settings.VIDEO_LINK_TEMPLATE = "https://meet.clinic.example/{reference}"

    response = book(client, invited, "Monday, February 1", "6:00 AM")

    assert response.redirect_chain == [(invited.get_status_url(), 302)]
    text = read(response).main_text
    assert "Your consultation is booked. We have emailed you the calendar invitation." in text
    assert "Status: Scheduled" in text
    assert "When: Monday, February 1, 2027, 6:00 AM (PST, your time zone)" in text
    booking = page(response).find(id="booking")
    assert (
        "When Monday, February 1, 2027, 6:00 AM (Pacific time (Los Angeles, Seattle)) 9:00 AM EST at the clinic"
        in (booking.text)
    )
    assert "With Dr. Ada Okafor" in booking.text
    assert ("Join the video call", f"https://meet.clinic.example/{invited.reference}") in [
        (link.text, link.attrs["href"]) for link in booking.find_all("a")
    ]
    assert "You can change the time or cancel until Sunday, January 31, 2027, 6:00 PM." in booking.text
    assert [link.text for link in booking.find(cls="booking-actions").find_all("a")] == [
        "Change the time",
        "Cancel the consultation",
    ]
    assert "If the time no longer suits you, change it or cancel below." in text
    invited.refresh_from_db()
    assert (invited.status, invited.scheduled_at) == (Status.SCHEDULED, NINE)


def test_the_video_link_is_shown_only_for_a_booked_video_consultation(
    client: Client, okafor, coordinator, settings: Settings
) -> None:
    settings.VIDEO_LINK_TEMPLATE = "https://meet.clinic.example/{reference}"
    by_phone = invited_request(okafor, by=coordinator, kind="phone", state="CA")

    before = client.get(by_phone.get_status_url())
    after = book(client, by_phone, "Monday, February 1", "6:00 AM")

    assert "meet.clinic.example" not in before.content.decode()
    assert "meet.clinic.example" not in after.content.decode()
    assert "How Phone call" in page(after).find(id="booking").text


def test_a_time_taken_in_the_meantime_sends_the_patient_back_to_the_times_without_it(
    client: Client, invited, okafor, coordinator
) -> None:
    section = times_section(client.get(invited.get_status_url()))
    confirm = link_to(section, "Monday, February 1", "6:00 AM")
    someone_else = invited_request(okafor, by=coordinator)
    workflow.book(someone_else, start=NINE, zone="America/New_York")

    response = client.post(urlsplit(confirm).path, {"zone": "America/Los_Angeles"}, follow=True)

    assert response.redirect_chain == [(f"{invited.get_status_url()}?zone=America%2FLos_Angeles#times", 302)]
    assert TAKEN in page(response).find(cls="messages").text
    assert days(times_section(response))["Monday, February 1"][:2] == ["6:40 AM", "7:20 AM"]
    invited.refresh_from_db()
    assert invited.status == Status.IN_REVIEW


def test_an_old_link_to_a_time_no_longer_offered_goes_back_to_the_times(client: Client, invited) -> None:
    response = client.get(
        f"/consultation/status/{invited.status_token}/times/20270201T1415Z/",
        {"zone": "America/New_York"},
        follow=True,
    )

    assert (
        "That time is no longer available. Please choose another time."
        in page(response).find(cls="messages").text
    )
    assert page(response).find_all(id="times")


def test_a_made_up_time_code_is_not_booked(client: Client, invited) -> None:
    response = client.post(
        f"/consultation/status/{invited.status_token}/times/tomorrow/", {"zone": ""}, follow=True
    )

    assert (
        "That time is no longer available. Please choose another time."
        in page(response).find(cls="messages").text
    )
    assert not Booking.objects.exists()


def test_booking_needs_the_csrf_token(csrf_client: Client, invited) -> None:
    response = csrf_client.post(
        f"/consultation/status/{invited.status_token}/times/20270201T1400Z/", {"zone": ""}
    )

    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_tampered_token_finds_nothing(client: Client, invited) -> None:
    token = invited.status_token[:-1] + ("A" if invited.status_token[-1] != "A" else "B")

    assert client.get(f"/consultation/status/{token}/times/20270201T1400Z/").status_code == 404


# Changing and cancelling ------------------------------------------------------------------------------------
def test_the_patient_moves_their_consultation_to_another_time(client: Client, invited) -> None:
    book(client, invited, "Monday, February 1", "6:00 AM")
    times = client.get(f"/consultation/status/{invited.status_token}/times/")

    assert read(times).title == "Change the time of your consultation · Welltopia"
    assert "Booked now When Monday, February 1, 2027, 6:00 AM" in read(times).main_text
    section = times_section(times)
    assert "6:00 AM" not in days(section)["Monday, February 1"]
    confirm = client.get(link_to(section, "Monday, February 1", "10:00 AM"))
    assert (
        "Your consultation on Monday, February 1, 2027, 6:00 AM will move to this time."
        in read(confirm).main_text
    )
    assert page(confirm).find("form", id="choose-form").find("button").text == "Move to this time"

    response = client.post(
        urlsplit(link_to(section, "Monday, February 1", "10:00 AM")).path,
        {"zone": "America/Los_Angeles"},
        follow=True,
    )

    assert (
        "Your consultation has a new time. We have emailed you the updated calendar invitation."
        in read(response).main_text
    )
    assert "When: Monday, February 1, 2027, 10:00 AM (PST, your time zone)" in read(response).main_text
    assert Booking.objects.get().starts_at == clinic_moment(MONDAY, 13)


def test_the_patient_cancels_after_confirming(client: Client, invited) -> None:
    book(client, invited, "Monday, February 1", "6:00 AM")
    cancel_url = f"/consultation/status/{invited.status_token}/cancel-booking/"

    confirm = client.get(cancel_url)
    assert read(confirm).title == "Cancel your consultation? · Welltopia"
    assert page(confirm).find("form", id="cancel-form").find("button").text == "Yes, cancel my consultation"
    assert "you can choose a new time on your status page." in read(confirm).main_text

    response = client.post(cancel_url, follow=True)

    text = read(response).main_text
    assert "Your consultation is cancelled. We have emailed you to confirm." in text
    assert "Status: In review" in text
    assert "Choose a time for your consultation" in text  # the invitation still stands
    assert Booking.objects.get().status == "cancelled"


def test_a_time_staff_set_can_be_cancelled_but_not_moved_online(client: Client, coordinator) -> None:
    from tests.support.patients import make_request

    consultation = make_request(status=Status.IN_REVIEW, state="CA")
    workflow.schedule(consultation, at=NINE, kind="phone", by=coordinator)

    response = client.get(consultation.get_status_url())

    booking = page(response).find(id="booking")
    assert "When Monday, February 1, 2027, 9:00 AM (Eastern time (New York, Miami))" in booking.text
    assert [link.text for link in booking.find(cls="booking-actions").find_all("a")] == [
        "Cancel the consultation"
    ]
    assert "When: Monday, February 1, 2027, 9:00 AM (EST, clinic time)" in read(response).main_text
    confirm = client.get(f"/consultation/status/{consultation.status_token}/cancel-booking/")
    assert "write to privacy@welltopia.example when you would like a new time." in read(confirm).main_text
    moved = client.get(f"/consultation/status/{consultation.status_token}/times/", follow=True)
    assert (
        "This time was arranged with our team: to change it, please write to privacy@welltopia.example."
        in (page(moved).find(cls="messages").text)
    )


def test_after_the_cutoff_the_patient_is_told_to_write_instead(client: Client, invited, clock) -> None:
    book(client, invited, "Monday, February 1", "6:00 AM")
    clock.move_to(NINE - datetime.timedelta(hours=6))

    response = client.get(invited.get_status_url())
    booking = page(response).find(id="booking")

    assert booking.find_all(cls="booking-actions") == []
    assert "To change or cancel it now, please write to privacy@welltopia.example." in booking.text
    assert "If the time no longer suits you, reply to that email." in read(response).main_text
    moved = client.get(f"/consultation/status/{invited.status_token}/times/", follow=True)
    assert "less than 12 hours away" in page(moved).find(cls="messages").text
    cancelled = client.post(f"/consultation/status/{invited.status_token}/cancel-booking/", follow=True)
    assert "less than 12 hours away" in page(cancelled).find(cls="messages").text
    assert Booking.objects.get().status == "booked"


def test_the_booking_pages_show_no_name_or_contact_detail(client: Client, invited) -> None:
    pages = [client.get(invited.get_status_url())]
    pages.append(book(client, invited, "Monday, February 1", "6:00 AM"))
    pages.append(client.get(f"/consultation/status/{invited.status_token}/times/"))
    pages.append(client.get(f"/consultation/status/{invited.status_token}/cancel-booking/"))

    for response in pages:
        for private in ["Marta", "Quillfeather", "marta@example.com"]:
            assert private not in response.content.decode()
