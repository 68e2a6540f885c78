"""Safety flags raised on save, from the answers and from the medicine rows."""

import pytest
from django.test import Client

from intake.models import ConsultationRequest
from tests.intake.factories import valid_form_data, with_medicines

pytestmark = pytest.mark.django_db


def submit(client: Client, data: dict) -> ConsultationRequest:
    response = client.post("/consultation/", data)
    assert response.status_code == 302
    return ConsultationRequest.objects.get(submission_token=data["submission_token"])


@pytest.mark.parametrize(
    ("answers", "flags"),
    [
        ({"opioid_use": "yes", "opioid_details": "Tramadol until last week"}, ["Opioid"]),
        ({"liver_disease": "yes"}, ["Liver"]),
        ({"kidney_disease": "yes"}, ["Kidney"]),
        ({"pregnancy": "pregnant"}, ["Pregnancy / breastfeeding"]),
        ({"pregnancy": "breastfeeding"}, ["Pregnancy / breastfeeding"]),
        ({"pregnancy": "planning"}, ["Pregnancy / breastfeeding"]),
        ({"naltrexone_allergy": "yes"}, ["Naltrexone / naloxone allergy"]),
        (
            {"planned_surgery": "yes", "planned_surgery_details": "Knee replacement in May"},
            ["Planned surgery"],
        ),
    ],
)
def test_each_safety_answer_raises_its_flag(client: Client, answers: dict, flags: list[str]) -> None:
    consultation = submit(client, valid_form_data(**answers))

    assert consultation.flags == flags


def test_all_safety_answers_together_raise_every_flag(client: Client) -> None:
    data = valid_form_data(
        opioid_use="yes",
        opioid_details="Codeine cough syrup",
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
        "Liver",
        "Kidney",
        "Pregnancy / breastfeeding",
        "Naltrexone / naloxone allergy",
        "Planned surgery",
    ]
    assert ConsultationRequest.objects.flagged().get() == consultation


def test_safe_answers_raise_no_flag(client: Client) -> None:
    consultation = submit(client, valid_form_data())

    assert consultation.flags == []
    assert not ConsultationRequest.objects.flagged().exists()


def test_a_thyroid_condition_does_not_flag_the_request(client: Client) -> None:
    consultation = submit(client, valid_form_data(thyroid_condition="yes"))

    assert consultation.thyroid_condition is True
    assert consultation.flags == []


def test_having_tried_ldn_before_does_not_flag_the_request(client: Client) -> None:
    consultation = submit(client, valid_form_data(tried_ldn_before="yes", tried_ldn_details="4.5 mg, 2022"))

    assert consultation.flags == []


@pytest.mark.parametrize(
    ("medicine", "generic"),
    [
        ("PERCOCET 5/325", "oxycodone"),
        ("ULTRAM", "tramadol"),
        ("tramadol 50 mg", "tramadol"),
        ("Tylenol with Codeine", "codeine"),
        ("Tylenol #3", "codeine"),
        ("Suboxone film", "buprenorphine"),
        ("lomotil", "diphenoxylate"),
    ],
)
def test_an_opioid_in_the_medicine_list_flags_the_request_despite_a_no(
    client: Client, medicine: str, generic: str
) -> None:
    data = with_medicines(
        valid_form_data(opioid_use="no"), ("Methotrexate", "15 mg", "weekly"), (medicine, "", "")
    )

    consultation = submit(client, data)

    assert consultation.opioid_use is False
    assert consultation.flags == ["Opioid"]
    assert consultation.medicines.get(position=1).catalog_medicine.generic_name == generic


@pytest.mark.parametrize(
    "medicine", ["Methotrexate", "HUMIRA", "Aleve", "prednisone", "Tylenol", "Naltrexone"]
)
def test_a_medicine_that_is_not_an_opioid_does_not_flag_the_request(client: Client, medicine: str) -> None:
    consultation = submit(client, with_medicines(valid_form_data(), (medicine, "1 tablet", "daily")))

    assert consultation.flags == []
