"""Safety flags raised on save, from the answers and the medicine rows, each row keeping why."""

import pytest
from django.test import Client

from intake import screening
from intake.models import ConsultationRequest, MedicineMatch
from tests.support.patients import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db

OPIOID_YES = {
    "opioid_use": "yes",
    "opioid_details": "Tramadol 50 mg when needed",
    "opioid_last_taken": "2026-10-02",
}


def submit(client: Client, data: dict) -> ConsultationRequest:
    response = client.post("/consultation/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


def with_rows(*names: str, **answers: str) -> dict:
    return with_medicines(valid_form_data(**answers), *[(name, "", "") for name in names])


def row_matches(consultation: ConsultationRequest) -> list[tuple[str, str, str, str]]:
    """(row as written, catalog medicine, name matched, how) for every match, in row order."""
    return [
        (match.row.name, match.medicine.generic_name, match.matched_name, match.how)
        for match in MedicineMatch.objects.filter(row__request=consultation)
        .select_related("row", "medicine")
        .order_by("row__position", "medicine__generic_name")
    ]


@pytest.mark.parametrize(
    ("answers", "flags"),
    [
        (OPIOID_YES, ["Opioid"]),
        ({"naltrexone_use": "now"}, ["Already on an opioid blocker"]),
        ({"ldn_use": "now"}, ["Already on an opioid blocker"]),
        ({"liver_disease": "yes"}, ["Liver"]),
        ({"kidney_disease": "yes"}, ["Kidney"]),
        ({"pregnancy": "pregnant"}, ["Pregnancy / breastfeeding"]),
        ({"pregnancy": "breastfeeding"}, ["Pregnancy / breastfeeding"]),
        ({"pregnancy": "planning"}, ["Pregnancy / breastfeeding"]),
        ({"naltrexone_allergy": "yes"}, ["Allergy to an opioid blocker"]),
        (
            {"planned_surgery": "yes", "planned_surgery_details": "Knee replacement in May"},
            ["Planned surgery"],
        ),
    ],
)
def test_each_safety_answer_raises_its_flag(client: Client, answers: dict, flags: list[str]) -> None:
    assert submit(client, valid_form_data(**answers)).flags == flags


def test_all_safety_answers_together_raise_every_flag_strongest_first(client: Client) -> None:
    data = valid_form_data(
        **OPIOID_YES,
        naltrexone_use="now",
        liver_disease="yes",
        kidney_disease="yes",
        pregnancy="breastfeeding",
        naltrexone_allergy="yes",
        planned_surgery="yes",
        planned_surgery_details="Dental implant next month",
    )

    consultation = submit(client, data)

    assert consultation.flags == [
        "Opioid",
        "Already on an opioid blocker",
        "Liver",
        "Kidney",
        "Pregnancy / breastfeeding",
        "Allergy to an opioid blocker",
        "Planned surgery",
    ]
    assert ConsultationRequest.objects.flagged().get() == consultation


def test_safe_answers_raise_no_flag(client: Client) -> None:
    consultation = submit(client, valid_form_data())

    assert consultation.flags == []
    assert not ConsultationRequest.objects.flagged().exists()


@pytest.mark.parametrize(
    "answers",
    [
        {"thyroid_condition": "yes"},
        {"ldn_use": "past", "ldn_details": "4.5 mg in 2022"},
        {"naltrexone_use": "past"},
    ],
)
def test_answers_that_are_recorded_but_raise_no_flag(client: Client, answers: dict) -> None:
    assert submit(client, valid_form_data(**answers)).flags == []


@pytest.mark.parametrize(
    ("medicine", "generic", "matched", "how"),
    [
        ("PERCOCET 5/325", "oxycodone", "Percocet", "brand"),
        ("Percocet10/325", "oxycodone", "Percocet", "brand"),
        ("hydrocodone-acetaminophen 5-325 mg", "hydrocodone", "hydrocodone-acetaminophen", "generic"),
        ("acetaminophen-codeine #3", "codeine", "codeine", "generic"),
        ("Tylenol No. 3", "codeine", "Tylenol #3", "brand"),
        ("Lortab", "hydrocodone", "Lortab", "brand"),
        ("tramadol 50 mg", "tramadol", "tramadol", "generic"),
        ("Suboxone film", "buprenorphine", "Suboxone", "brand"),
        ("lomotil", "diphenoxylate", "Lomotil", "brand"),
        ("oxycodon", "oxycodone", "oxycodone", "possible"),
    ],
)
def test_an_opioid_in_the_medicine_list_flags_the_request_despite_a_no_and_the_row_says_why(
    client: Client, medicine: str, generic: str, matched: str, how: str
) -> None:
    consultation = submit(client, with_rows("Methotrexate", medicine, opioid_use="no"))

    assert consultation.opioid_use is False
    assert consultation.flag_opioid is True
    assert (medicine, generic, matched, how) in row_matches(consultation)


def test_a_row_naming_two_medicines_stores_both_and_the_row_explains_the_flag(client: Client) -> None:
    consultation = submit(client, with_rows("ibuprofen and tramadol"))

    assert row_matches(consultation) == [
        ("ibuprofen and tramadol", "ibuprofen", "ibuprofen", "generic"),
        ("ibuprofen and tramadol", "tramadol", "tramadol", "generic"),
    ]
    assert screening.flags_matching(consultation) == {"flag_opioid": ["OPIOID — matched 'tramadol'"]}


@pytest.mark.parametrize(
    ("medicine", "generic"),
    [
        ("naltrexone 50 mg", "naltrexone"),
        ("Revia", "naltrexone"),
        ("Vivitrol", "naltrexone"),
        ("Contrave", "naltrexone"),
        ("Narcan", "naloxone"),
    ],
)
def test_a_medicine_row_with_an_opioid_blocker_raises_the_blocker_flag(
    client: Client, medicine: str, generic: str
) -> None:
    consultation = submit(client, with_rows(medicine))

    assert consultation.flags == ["Already on an opioid blocker"]
    assert row_matches(consultation)[0][1] == generic


def test_a_constipation_blocker_is_a_sign_of_opioid_use(client: Client) -> None:
    consultation = submit(client, with_rows("Movantik 25 mg"))

    assert consultation.flags == ["Opioid"]
    (reason,) = screening.flags_matching(consultation)["flag_opioid"]
    assert "constipation caused by opioids" in reason


def test_a_medicine_that_raises_nothing_is_still_recorded_with_its_class(client: Client) -> None:
    consultation = submit(client, with_rows("HUMIRA pen", "Aleve", "prednisone", "Tylenol"))

    assert consultation.flags == []
    assert [(generic, how) for _row, generic, _name, how in row_matches(consultation)] == [
        ("adalimumab", "brand"), ("naproxen", "brand"), ("prednisone", "generic"), ("acetaminophen", "brand"),
    ]  # fmt: skip


def test_a_medicine_the_catalog_does_not_know_has_no_match(client: Client) -> None:
    consultation = submit(client, with_rows("fish oil"))

    assert row_matches(consultation) == []


@pytest.mark.parametrize(
    "data",
    [
        with_rows("Norco 5/325", "Movantik", opioid_use="no"),
        with_rows("Vivitrol", "ibuprofen and tramadol", liver_disease="yes"),
        with_rows("oxycodon", naltrexone_use="now"),
        with_rows("Humira", **OPIOID_YES),
    ],
)
def test_the_stored_flags_always_agree_with_the_reasons_the_rows_and_answers_give(
    client: Client, data: dict
) -> None:
    consultation = submit(client, data)

    raised = {field for field in ConsultationRequest.FLAG_FIELDS if getattr(consultation, field)}
    assert raised == set(screening.flags_matching(consultation))
