"""The form asks about everyone who cannot take LDN, in the words the education pages use."""

import pytest
from django.test import Client

from education import safety
from intake.forms import ConsultationForm
from tests.support.html import read

pytestmark = pytest.mark.django_db

# Each statement of education/safety.py's WHO_CANNOT_TAKE, and the question (or check) that finds it.
ASKED_BY = {
    safety.WHO_CANNOT_TAKE[0]: ("opioid_use", ["opioid", "methadone", "buprenorphine"]),
    safety.WHO_CANNOT_TAKE[1]: ("liver_disease", ["liver disease", "hepatitis"]),
    safety.WHO_CANNOT_TAKE[2]: ("naltrexone_allergy", ["naltrexone", "naloxone"]),
    safety.WHO_CANNOT_TAKE[3]: ("pregnancy", ["pregnant"]),
    safety.WHO_CANNOT_TAKE[4]: ("date_of_birth", ["18 or older"]),
}


def test_every_statement_of_who_cannot_take_ldn_has_its_question() -> None:
    assert set(ASKED_BY) == set(safety.WHO_CANNOT_TAKE)
    for name, words in ASKED_BY.values():
        field = ConsultationForm.base_fields[name]
        asked = f"{field.label} {field.help_text}".lower()
        for word in words:
            assert word in asked, (name, word)


def test_the_safety_section_gives_the_same_opioid_wait_as_the_pages(client: Client) -> None:
    assert safety.OPIOID_WASHOUT in read(client.get("/consultation/")).main_text


def test_the_empty_form_may_be_indexed_but_a_form_sent_back_with_answers_may_not(client: Client) -> None:
    empty = read(client.get("/consultation/"))
    sent_back = read(client.post("/consultation/", {"first_name": "Marta"}))

    assert "robots" not in empty.meta
    assert sent_back.meta["robots"] == "noindex"
