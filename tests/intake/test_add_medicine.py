"""The "Add another medicine" button, which works without JavaScript by posting the page back."""

import pytest
from django.test import Client

from intake.models import ConsultationRequest
from tests.support.html import as_submitted, read, read_form
from tests.support.patients import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db


def test_it_shows_one_more_medicine_row(client: Client) -> None:
    data = with_medicines(
        valid_form_data(), ("Methotrexate", "15 mg", "once a week"), ("Humira", "40 mg", "every other week")
    )

    response = client.post("/consultation/", {**data, "add_medicine": "1"})

    page = read_form(response)
    assert response.status_code == 200
    assert page.values["medicines-TOTAL_FORMS"] == ["4"]
    assert [page.values[f"medicines-{index}-name"] for index in range(4)] == [
        ["Methotrexate"],
        ["Humira"],
        [""],
        [""],
    ]
    assert "medicines-4-name" not in page.values


def test_it_keeps_everything_typed(client: Client) -> None:
    data = with_medicines(
        valid_form_data(concerns=["flares", "mood"], goals="Fewer flares."),
        ("Methotrexate", "15 mg", "once a week"),
    )

    page = read_form(client.post("/consultation/", {**data, "add_medicine": "1"}))

    expected = as_submitted(data)
    expected["medicines-TOTAL_FORMS"] = ["3"]
    assert page.resubmitted() == expected


def test_it_shows_no_error_messages_for_a_half_filled_form(client: Client) -> None:
    data = valid_form_data(first_name="", email="marta@", consent_privacy=None)

    response = client.post("/consultation/", {**data, "add_medicine": "1"})

    page = read_form(response)
    assert page.summary == []
    assert not any(page.errors.values())
    assert read(response).title == "Request a consultation · Welltopia"


def test_it_stores_and_sends_nothing(
    client: Client, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", {**valid_form_data(), "add_medicine": "1"})

    assert ConsultationRequest.objects.count() == 0
    assert mailoutbox == []


def test_the_form_can_be_sent_after_adding_a_row(client: Client) -> None:
    data = with_medicines(valid_form_data(), ("Methotrexate", "15 mg", "once a week"))
    page = read_form(client.post("/consultation/", {**data, "add_medicine": "1"}))
    resent = page.values | {
        "medicines-2-name": ["Plaquenil"],
        "medicines-2-dose": ["200 mg"],
        "medicines-2-frequency": ["daily"],
    }

    response = client.post("/consultation/", resent)

    assert response.status_code == 302
    rows = ConsultationRequest.objects.get().medicines.values_list("name", flat=True)
    assert list(rows) == ["Methotrexate", "Plaquenil"]
