"""Answers the form refuses: the message beside the field, the summary link, nothing stored, nothing lost."""

import datetime

import pytest
from django.test import Client

from intake.forms import ConsultationForm
from intake.models import ConsultationRequest
from tests.support.html import as_submitted, read, read_form
from tests.support.patients import valid_form_data, with_medicines
from welltopia import clinic_time

pytestmark = pytest.mark.django_db

NOT_SERVED = (
    "We're sorry: we can only offer consultations to people who will be in California, Florida, "
    "New York, Texas and Washington at the time of the consultation, because our clinicians are "
    "licensed there. We hope to reach more states soon."
)
YES_OR_NO = "Please answer yes or no."

REQUIRED = [
    # (field, message, id the summary links to)
    ("state", "Please choose the state you will be in during the consultation.", "id_state"),
    ("first_name", "Please enter your first name.", "id_first_name"),
    ("last_name", "Please enter your last name.", "id_last_name"),
    ("date_of_birth", "Please enter your date of birth.", "id_date_of_birth"),
    ("email", "Please enter your email address.", "id_email"),
    ("phone", "Please enter a phone number.", "id_phone"),
    ("contact_method", "Please choose how we should contact you.", "id_contact_method_0"),
    ("contact_time", "Please choose a time of day.", "id_contact_time_0"),
    (
        "consultation_language",
        "Please choose a language for your consultation.",
        "id_consultation_language_0",
    ),
    ("interpreter", "Please answer yes or no.", "id_interpreter_0"),
    ("diagnosis_year", "Please enter the year you were diagnosed.", "id_diagnosis_year"),
    ("rheumatologist_confirmed", "Please answer yes, no or not sure.", "id_rheumatologist_confirmed_0"),
    (
        "prescriber_name",
        "Please enter your rheumatologist's or prescriber's name, or tick the box below.",
        "id_prescriber_name",
    ),
    (
        "prescriber_practice",
        "Please enter their practice or clinic, or tick the box below.",
        "id_prescriber_practice",
    ),
    ("pain_score", "Please choose a number from 0 to 10 for your pain.", "id_pain_score_0"),
    ("overall_score", "Please choose a number from 0 to 10 for how you feel overall.", "id_overall_score_0"),
    (
        "morning_stiffness_minutes",
        "Please enter a number of minutes (0 if you have none).",
        "id_morning_stiffness_minutes",
    ),
    ("flares_last_3_months", "Please enter a number of flares (0 if none).", "id_flares_last_3_months"),
    ("opioid_use", YES_OR_NO, "id_opioid_use_0"),
    ("planned_surgery", YES_OR_NO, "id_planned_surgery_0"),
    ("liver_disease", YES_OR_NO, "id_liver_disease_0"),
    ("kidney_disease", YES_OR_NO, "id_kidney_disease_0"),
    ("pregnancy", "Please choose one answer.", "id_pregnancy_0"),
    ("naltrexone_allergy", YES_OR_NO, "id_naltrexone_allergy_0"),
    ("thyroid_condition", YES_OR_NO, "id_thyroid_condition_0"),
    ("ldn_use", "Please choose one answer.", "id_ldn_use_0"),
    ("naltrexone_use", "Please choose one answer.", "id_naltrexone_use_0"),
    ("consent_accurate", "Please confirm that your information is accurate.", "id_consent_accurate"),
    ("consent_privacy", "Please confirm that you have read the privacy notice.", "id_consent_privacy"),
    (
        "consent_telehealth",
        "Please agree to a telehealth consultation, or we cannot offer one.",
        "id_consent_telehealth",
    ),
    (
        "consent_not_emergency",
        "Please confirm that you understand this is not an emergency service.",
        "id_consent_not_emergency",
    ),
]


def years_ago(years: int, *, days: int = 0) -> datetime.date:
    today = clinic_time.today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day + datetime.timedelta(days=days)


def label(field: str) -> str:
    return str(ConsultationForm.base_fields[field].label)


def summary_text(field: str, message: str) -> str:
    """The summary names the question, then the problem ("Last name: …", "How …? …", "… I know. …")."""
    question = label(field)
    return f"{question} {message}" if question.endswith(("?", ".")) else f"{question}: {message}"


def assert_refused(
    client: Client, data: dict, *, field_id: str, message: str, summary: str, anchor: str = ""
) -> None:
    """One message beside the field, the same in the summary linking to it; nothing stored or lost."""
    response = client.post("/consultation/", data)

    page = read_form(response)
    assert response.status_code == 200
    assert {field: errors for field, errors in page.errors.items() if errors} == {field_id: [message]}
    assert page.summary == [(f"#{anchor or field_id}", summary)]
    assert page.resubmitted() == as_submitted(data)
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize(("field", "message", "anchor"), REQUIRED, ids=[case[0] for case in REQUIRED])
def test_it_asks_for_each_required_answer(client: Client, field: str, message: str, anchor: str) -> None:
    # Text boxes come back empty; radio buttons and tick boxes are not sent at all.
    data = valid_form_data(**{field: None})

    response = client.post("/consultation/", data)

    page = read_form(response)
    assert page.errors[f"id_{field}"] == [message]
    assert page.summary == [(f"#{anchor}", summary_text(field, message))]
    assert page.resubmitted() == as_submitted(data)
    assert ConsultationRequest.objects.count() == 0


def test_an_empty_form_lists_every_missing_answer_in_page_order(client: Client) -> None:
    data = with_medicines({"submission_token": valid_form_data()["submission_token"]})

    page = read_form(client.post("/consultation/", data))

    anchors = [anchor for _field, _message, anchor in REQUIRED]
    medicines_at = anchors.index("id_opioid_use_0")
    anchors.insert(medicines_at, "id_takes_no_medicines")
    assert [href for href, _text in page.summary] == [f"#{anchor}" for anchor in anchors]
    assert ConsultationRequest.objects.count() == 0


def test_the_summary_names_each_question_and_its_problem(client: Client) -> None:
    data = valid_form_data(first_name="", contact_method=None, pain_score="11")

    response = client.post("/consultation/", data)

    assert read_form(response).summary == [
        ("#id_first_name", "First name: Please enter your first name."),
        ("#id_contact_method_0", "How should we contact you? Please choose how we should contact you."),
        ("#id_pain_score_0", "Over the last week, how much pain have you had? Choose a number from 0 to 10."),
    ]
    page = read(response)
    assert page.title == "Please check 3 answers: Request a consultation · Welltopia"
    assert "There are problems with your answers Nothing has been sent yet." in page.main_text


def test_it_refuses_someone_under_18(client: Client) -> None:
    data = valid_form_data(date_of_birth=years_ago(18, days=1).isoformat())

    assert_refused(
        client,
        data,
        field_id="id_date_of_birth",
        message="You need to be 18 or older to request a consultation.",
        summary="Date of birth: You need to be 18 or older to request a consultation.",
    )


def test_it_accepts_someone_on_their_18th_birthday(client: Client) -> None:
    data = valid_form_data(date_of_birth=years_ago(18).isoformat(), diagnosis_year=str(years_ago(1).year))

    response = client.post("/consultation/", data)

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().date_of_birth == years_ago(18)


def test_it_refuses_a_date_of_birth_in_the_future(client: Client) -> None:
    tomorrow = clinic_time.today() + datetime.timedelta(days=1)

    assert_refused(
        client,
        valid_form_data(date_of_birth=tomorrow.isoformat()),
        field_id="id_date_of_birth",
        message="Your date of birth can't be in the future.",
        summary="Date of birth: Your date of birth can't be in the future.",
    )


def test_it_refuses_a_diagnosis_before_the_year_of_birth(client: Client) -> None:
    message = "The year you were diagnosed can't be before the year you were born."

    assert_refused(
        client,
        valid_form_data(date_of_birth="1970-03-25", diagnosis_year="1969"),
        field_id="id_diagnosis_year",
        message=message,
        summary=summary_text("diagnosis_year", message),
    )


def test_it_refuses_a_diagnosis_year_after_this_year(client: Client) -> None:
    message = "The year you were diagnosed can't be in the future."

    assert_refused(
        client,
        valid_form_data(diagnosis_year=str(clinic_time.today().year + 1)),
        field_id="id_diagnosis_year",
        message=message,
        summary=summary_text("diagnosis_year", message),
    )


@pytest.mark.parametrize("field", ["pain_score", "overall_score"])
@pytest.mark.parametrize("score", ["-1", "11"])
def test_it_refuses_a_score_outside_0_to_10(client: Client, field: str, score: str) -> None:
    """Only a forged post can send one (the page offers 0 to 10); nothing else is lost."""
    data = valid_form_data(**{field: score})

    page = read_form(client.post("/consultation/", data))

    assert {key: errors for key, errors in page.errors.items() if errors} == {
        f"id_{field}": ["Choose a number from 0 to 10."]
    }
    assert page.summary == [(f"#id_{field}_0", summary_text(field, "Choose a number from 0 to 10."))]
    assert page.resubmitted() == as_submitted({key: value for key, value in data.items() if key != field})
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize("field", ["pain_score", "overall_score"])
@pytest.mark.parametrize("score", ["0", "10"])
def test_it_accepts_the_ends_of_the_score_scale(client: Client, field: str, score: str) -> None:
    client.post("/consultation/", valid_form_data(**{field: score}))

    assert getattr(ConsultationRequest.objects.get(), field) == int(score)


@pytest.mark.parametrize("email", ["marta@", "marta.example.com", "marta@example"])
def test_it_refuses_an_invalid_email_address(client: Client, email: str) -> None:
    assert_refused(
        client,
        valid_form_data(email=email),
        field_id="id_email",
        message="Enter a valid email address, like name@example.com.",
        summary="Email: Enter a valid email address, like name@example.com.",
    )


@pytest.mark.parametrize("phone", ["555-01", "not a number", "(201) 555-01234"])
def test_it_refuses_an_invalid_phone_number(client: Client, phone: str) -> None:
    assert_refused(
        client,
        valid_form_data(phone=phone),
        field_id="id_phone",
        message="Enter a valid phone number, like (201) 555-0123.",
        summary="Phone: Enter a valid phone number, like (201) 555-0123.",
    )


def test_it_tells_someone_in_a_state_not_served_which_states_are(client: Client) -> None:
    assert_refused(
        client,
        valid_form_data(state="OR"),
        field_id="id_state",
        message=NOT_SERVED,
        summary=summary_text("state", NOT_SERVED),
    )


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("first_name", 81, "Keep your first name to 80 characters or fewer."),
        ("last_name", 81, "Keep your last name to 80 characters or fewer."),
        ("opioid_details", 301, "Keep this to 300 characters or fewer."),
        ("other_allergies", 301, "Keep this to 300 characters or fewer."),
        ("prescriber_name", 121, "Keep the name to 120 characters or fewer."),
        ("goals", 2001, "Keep this to 2,000 characters or fewer."),
    ],
)
def test_it_refuses_text_that_is_too_long(client: Client, field: str, length: int, message: str) -> None:
    data = valid_form_data(**{field: "a" * length})
    if field == "opioid_details":
        data |= {"opioid_use": "yes", "opioid_last_taken": "2026-10-01"}

    assert_refused(
        client,
        data,
        field_id=f"id_{field}",
        message=message,
        summary=summary_text(field, message),
    )


def test_a_consent_that_is_a_sentence_keeps_its_own_full_stop_in_the_summary(client: Client) -> None:
    response = client.post("/consultation/", valid_form_data(consent_accurate=None))

    assert read_form(response).summary == [
        (
            "#id_consent_accurate",
            "The information I have given is accurate and complete, as far as I know. "
            "Please confirm that your information is accurate.",
        )
    ]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("consent_accurate", "Please confirm that your information is accurate."),
        ("consent_privacy", "Please confirm that you have read the privacy notice."),
        ("consent_telehealth", "Please agree to a telehealth consultation, or we cannot offer one."),
        ("consent_not_emergency", "Please confirm that you understand this is not an emergency service."),
    ],
)
def test_it_needs_every_consent_ticked(client: Client, field: str, message: str) -> None:
    assert_refused(
        client,
        valid_form_data(**{field: None}),
        field_id=f"id_{field}",
        message=message,
        summary=summary_text(field, message),
    )


def test_it_asks_which_opioid_after_a_yes(client: Client) -> None:
    message = "Please tell us which opioid you take or have a prescription for."

    assert_refused(
        client,
        valid_form_data(opioid_use="yes", opioid_details="   ", opioid_last_taken="2026-10-01"),
        field_id="id_opioid_details",
        message=message,
        summary=summary_text("opioid_details", message),
    )


def test_it_needs_either_a_medicine_or_no_medicines_ticked(client: Client) -> None:
    message = "Please list at least one medicine, or tick \u201cI take no medicines\u201d."

    assert_refused(
        client,
        with_medicines(valid_form_data()),
        field_id="id_takes_no_medicines",
        message=message,
        summary=f"I take no medicines: {message}",
    )


def test_it_refuses_medicines_listed_with_no_medicines_ticked(client: Client) -> None:
    message = (
        "You ticked \u201cI take no medicines\u201d but also listed medicines. "
        "Please untick the box or clear the rows."
    )

    assert_refused(
        client,
        valid_form_data(takes_no_medicines="on"),
        field_id="id_takes_no_medicines",
        message=message,
        summary=f"I take no medicines: {message}",
    )


@pytest.mark.parametrize("filled", [("15 mg", ""), ("", "once a week")])
def test_it_asks_for_the_name_of_a_medicine_row_with_only_a_dose_or_frequency(
    client: Client, filled: tuple[str, str]
) -> None:
    dose, frequency = filled
    data = with_medicines(valid_form_data(), ("Methotrexate", "15 mg", "weekly"), ("", dose, frequency))

    assert_refused(
        client,
        data,
        field_id="id_medicines-1-name",
        message="Please enter the medicine's name.",
        summary="Medicine 2: Medicine name: Please enter the medicine's name.",
    )


def test_the_summary_links_a_first_row_problem_to_the_first_row(client: Client) -> None:
    data = with_medicines(valid_form_data(), ("", "15 mg", "weekly"))

    page = read_form(client.post("/consultation/", data))

    assert page.summary == [
        ("#id_medicines-0-name", "Medicine 1: Medicine name: Please enter the medicine's name.")
    ]


def test_every_typed_value_comes_back_when_several_answers_have_problems(client: Client) -> None:
    data = with_medicines(
        valid_form_data(
            first_name="",
            email="marta@",
            flares_last_3_months="120",
            opioid_use="yes",
            opioid_details="Tramadol, last taken 3 days ago",
            planned_surgery="yes",
            planned_surgery_details="Knee replacement in May",
            opioid_last_taken="2026-10-01",
            ldn_use="past",
            ldn_details="1.5 mg for a month",
            concerns=["joint_pain", "fatigue", "cost"],
            goals="Sleep through the night.\nWalk the dog again.",
            consent_privacy=None,
        ),
        ("Methotrexate", "15 mg", "once a week"),
        ("Humira", "40 mg", "every other week"),
        ("", "", "daily"),
    )

    response = client.post("/consultation/", data)

    page = read_form(response)
    assert len(page.summary) == 5
    assert page.resubmitted() == as_submitted(data)
    assert ConsultationRequest.objects.count() == 0


def test_a_follow_up_answer_is_not_kept_after_switching_back_to_no(client: Client) -> None:
    data = valid_form_data(planned_surgery="no", planned_surgery_details="Knee replacement in May")

    client.post("/consultation/", data)

    assert ConsultationRequest.objects.get().planned_surgery_details == ""


@pytest.mark.parametrize("token", ["not-a-token", None])
def test_a_missing_or_damaged_hidden_token_says_so_and_is_replaced(client: Client, token: str | None) -> None:
    data = valid_form_data(submission_token=token)

    page = read_form(client.post("/consultation/", data))

    assert page.summary == [
        (
            "",
            "Your form could not be checked (it may have been open a long time, or a part of the page was "
            "missing), so nothing was sent. Your answers are below: please check them and send the form again.",
        )
    ]
    [fresh] = page.values["submission_token"]
    assert fresh and fresh != token
    assert ConsultationRequest.objects.count() == 0
    response = client.post("/consultation/", data | {"submission_token": fresh})
    assert response.status_code == 302
    assert str(ConsultationRequest.objects.get().submission_token) == fresh


def test_it_asks_when_the_opioid_was_last_taken_after_a_yes(client: Client) -> None:
    message = "Please tell us when you last took it. Your best guess is fine."

    assert_refused(
        client,
        valid_form_data(opioid_use="yes", opioid_details="Norco when my back is bad"),
        field_id="id_opioid_last_taken",
        message=message,
        summary=summary_text("opioid_last_taken", message),
    )


def test_the_day_an_opioid_was_last_taken_cannot_be_in_the_future(client: Client) -> None:
    tomorrow = clinic_time.today() + datetime.timedelta(days=1)
    message = "The day you last took it can't be in the future."

    assert_refused(
        client,
        valid_form_data(opioid_use="yes", opioid_details="Norco", opioid_last_taken=tomorrow.isoformat()),
        field_id="id_opioid_last_taken",
        message=message,
        summary=summary_text("opioid_last_taken", message),
    )


def test_the_opioid_answers_are_stored_after_a_yes(client: Client) -> None:
    # Two days ago at the clinic: never in the future, whatever the clock (TEST_CLOCK) says.
    last_taken = clinic_time.today() - datetime.timedelta(days=2)
    data = valid_form_data(
        opioid_use="yes", opioid_details="Norco 5/325 now and then", opioid_last_taken=last_taken.isoformat()
    )

    assert client.post("/consultation/", data).status_code == 302

    consultation = ConsultationRequest.objects.get()
    assert (consultation.opioid_use, consultation.opioid_details, consultation.opioid_last_taken) == (
        True, "Norco 5/325 now and then", last_taken,
    )  # fmt: skip


def test_a_last_taken_date_is_not_kept_after_a_no(client: Client) -> None:
    client.post("/consultation/", valid_form_data(opioid_use="no", opioid_last_taken="2026-11-03"))

    assert ConsultationRequest.objects.get().opioid_last_taken is None


def test_someone_without_a_prescriber_ticks_the_box_instead(client: Client) -> None:
    data = valid_form_data(prescriber_name="", prescriber_practice="", no_prescriber="on")

    assert client.post("/consultation/", data).status_code == 302

    consultation = ConsultationRequest.objects.get()
    assert (consultation.no_prescriber, consultation.prescriber_name) == (True, "")


def test_it_refuses_a_prescriber_given_together_with_the_no_prescriber_box(client: Client) -> None:
    message = (
        "You ticked \u201cI don't have a rheumatologist or regular prescriber\u201d but also gave their details. "
        "Please untick the box or clear the details."
    )

    assert_refused(
        client,
        valid_form_data(no_prescriber="on"),
        field_id="id_no_prescriber",
        message=message,
        summary=summary_text("no_prescriber", message),
    )


def test_it_stores_the_prescriber_and_the_optional_consent_to_share_the_outcome(client: Client) -> None:
    data = valid_form_data(prescriber_phone="(415) 555-0188", consent_share_outcome="on")

    assert client.post("/consultation/", data).status_code == 302

    consultation = ConsultationRequest.objects.get()
    assert (consultation.prescriber_name, consultation.prescriber_practice, str(consultation.prescriber_phone)) == (
        "Dr. Imani Okonjo", "Bayview Rheumatology", "+14155550188",
    )  # fmt: skip
    assert "share_outcome" in set(consultation.consents.values_list("kind", flat=True))


def test_the_consent_to_share_the_outcome_is_optional(client: Client) -> None:
    assert client.post("/consultation/", valid_form_data()).status_code == 302

    assert "share_outcome" not in set(
        ConsultationRequest.objects.get().consents.values_list("kind", flat=True)
    )


def test_it_refuses_an_invalid_prescriber_phone_number(client: Client) -> None:
    message = "Enter a valid phone number, like (201) 555-0123, or leave it empty."

    assert_refused(
        client,
        valid_form_data(prescriber_phone="555-01"),
        field_id="id_prescriber_phone",
        message=message,
        summary=f"Their phone number (optional): {message}",
    )


def test_it_stores_other_allergies_and_the_naltrexone_answers(client: Client) -> None:
    data = valid_form_data(
        other_allergies="Penicillin: hives",
        ldn_use="past",
        ldn_details="1.5 mg, 2 months",
        naltrexone_use="never",
    )

    assert client.post("/consultation/", data).status_code == 302

    consultation = ConsultationRequest.objects.get()
    assert (consultation.other_allergies, consultation.ldn_use, consultation.ldn_details, consultation.naltrexone_use) == (
        "Penicillin: hives", "past", "1.5 mg, 2 months", "never",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "Marta\nQuill", "Please write your first name on one line."),
        ("last_name", "Quill\r\nfeather", "Please write your last name on one line."),
        ("first_name", "\u200b\u200b", "Please enter your first name."),
        ("last_name", "\u2028", "Please enter your last name."),
        ("first_name", "\u00a0\u200d ", "Please enter your first name."),
    ],
)
def test_it_refuses_a_name_with_a_line_break_or_nothing_visible(
    client: Client, field: str, value: str, message: str
) -> None:
    data = valid_form_data(**{field: value})

    page = read_form(client.post("/consultation/", data))

    assert page.errors[f"id_{field}"] == [message]
    assert ConsultationRequest.objects.count() == 0
