"""The "Add another medicine" button without JavaScript: the answers are kept, the page comes back by GET.

Answering the post with a page would leave it in the browser's history, and Back or Forward to
it would show "Confirm form resubmission". So the post is answered with a redirect, and the
form comes back (from a plain GET) with every answer and one more row, the focus in it.
"""

import pytest
from django.test import Client

from intake.models import ConsultationRequest
from tests.support.html import as_submitted, page, read, read_form
from tests.support.patients import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db


def add_a_row(client: Client, data: dict):
    response = client.post("/consultation/", {**data, "add_medicine": "1"})
    assert response.status_code == 302
    return response, client.get(response["Location"])


def test_it_answers_with_a_redirect_to_the_new_row(client: Client) -> None:
    data = with_medicines(
        valid_form_data(), ("Methotrexate", "15 mg", "once a week"), ("Humira", "40 mg", "every other week")
    )

    response, _form = add_a_row(client, data)

    # Two filled rows and the one blank row the form had: the new one is the fourth.
    assert response["Location"] == "/consultation/#id_medicines-3-name"


def test_the_form_comes_back_with_one_more_row_and_the_focus_in_it(client: Client) -> None:
    data = with_medicines(
        valid_form_data(), ("Methotrexate", "15 mg", "once a week"), ("Humira", "40 mg", "every other week")
    )

    _response, form = add_a_row(client, data)

    values = read_form(form).values
    assert values["medicines-TOTAL_FORMS"] == ["4"]
    assert [values[f"medicines-{index}-name"] for index in range(4)] == [
        ["Methotrexate"],
        ["Humira"],
        [""],
        [""],
    ]
    assert "autofocus" in page(form).find("input", id="id_medicines-3-name").attrs
    assert "autofocus" not in page(form).find("input", id="id_medicines-0-name").attrs


def test_it_keeps_everything_typed(client: Client) -> None:
    data = with_medicines(
        valid_form_data(concerns=["flares", "mood"], goals="Fewer flares."),
        ("Methotrexate", "15 mg", "once a week"),
    )

    _response, form = add_a_row(client, data)

    expected = as_submitted(data)
    expected["medicines-TOTAL_FORMS"] = ["3"]
    assert read_form(form).resubmitted() == expected


def test_going_back_to_the_form_again_still_shows_the_answers(client: Client) -> None:
    """Back (or a reload) is a plain GET of the form: the answers are still there."""
    data = with_medicines(valid_form_data(first_name="Ines"), ("Methotrexate", "15 mg", "weekly"))
    add_a_row(client, data)

    again = read_form(client.get("/consultation/"))

    assert again.values["first_name"] == ["Ines"]
    assert again.values["medicines-0-name"] == ["Methotrexate"]


def test_it_shows_no_error_messages_for_a_half_filled_form(client: Client) -> None:
    data = valid_form_data(first_name="", email="marta@", consent_privacy=None)

    _response, form = add_a_row(client, data)

    assert read_form(form).summary == []
    assert not any(read_form(form).errors.values())
    assert read(form).title == "Request a consultation · Welltopia"
    assert read(form).meta["robots"] == "noindex"  # it holds a patient's answers


def test_it_stores_and_sends_nothing(
    client: Client, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        add_a_row(client, valid_form_data())

    assert ConsultationRequest.objects.count() == 0
    assert mailoutbox == []


def test_the_form_can_be_sent_after_adding_a_row_and_the_draft_is_then_gone(client: Client) -> None:
    data = with_medicines(valid_form_data(), ("Methotrexate", "15 mg", "once a week"))
    _response, form = add_a_row(client, data)
    resent = read_form(form).values | {
        "medicines-2-name": ["Plaquenil"],
        "medicines-2-dose": ["200 mg"],
        "medicines-2-frequency": ["daily"],
    }

    response = client.post("/consultation/", resent)

    assert response.status_code == 302
    rows = ConsultationRequest.objects.get().medicines.values_list("name", flat=True)
    assert list(rows) == ["Methotrexate", "Plaquenil"]
    assert read_form(client.get("/consultation/")).values["first_name"] == [""]


def test_a_visitor_who_never_added_a_row_gets_no_session(client: Client, settings) -> None:
    response = client.get("/consultation/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_another_visitor_never_sees_the_draft(client: Client) -> None:
    add_a_row(client, valid_form_data(first_name="Ines"))

    assert read_form(Client().get("/consultation/")).values["first_name"] == [""]


@pytest.mark.parametrize("total", ["abc", " ", "1.5", "-3", ""])
def test_damaged_row_counts_with_add_another_give_the_form_back(client: Client, total: str) -> None:
    data = with_medicines(
        valid_form_data(), ("Methotrexate", "15 mg", "weekly"), ("Humira", "40 mg", "biweekly")
    )
    data["medicines-TOTAL_FORMS"] = total

    _response, form = add_a_row(client, data)

    values = read_form(form).values
    assert form.status_code == 200
    assert values["medicines-0-name"] == ["Methotrexate"]
    assert values["medicines-1-name"] == ["Humira"]


@pytest.mark.parametrize("total", ["abc", "", "2000"])
def test_damaged_row_counts_on_send_say_so_and_keep_every_row(client: Client, total: str) -> None:
    data = with_medicines(
        valid_form_data(), ("Methotrexate", "15 mg", "weekly"), ("Humira", "40 mg", "biweekly")
    )
    data["medicines-TOTAL_FORMS"] = total

    response = client.post("/consultation/", data)

    form = read_form(response)
    assert response.status_code == 200
    assert ("#id_medicines-0-name", "Your medicines: We could not read your list of medicines. Please check each row "
            "below, then send the form again.") in form.summary  # fmt: skip
    assert form.values["medicines-1-name"] == ["Humira"]
    assert ConsultationRequest.objects.count() == 0
