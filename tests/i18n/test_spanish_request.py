"""A request sent from the Spanish form stays Spanish: its emails (subject and body), its status
page and withdrawal, and the decline message staff send; staff read which language each went in."""

import pytest
from django.core import mail
from django.test import Client

from intake import workflow
from intake.models import ConsultationRequest, DeclineMessage, OutgoingEmail
from intake.roles import COORDINATORS
from tests.support.html import page, read
from tests.support.patients import submit_request, valid_form_data
from tests.support.staff import decline_choice_data, login_verified, make_staff
from tests.support.urls import work_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(django_capture_on_commit_callbacks) -> ConsultationRequest:
    with django_capture_on_commit_callbacks(execute=True):
        return submit_request(form="/es/consultation/", consultation_language="es")


def test_the_patient_s_emails_are_in_spanish_and_the_team_s_in_english(spanish: ConsultationRequest) -> None:
    by_address = {message.to[0]: message for message in mail.outbox}
    patient, staff = by_address["marta@example.com"], by_address["intake@welltopia.example"]

    assert patient.subject == f"Recibimos su solicitud de consulta {spanish.reference}"
    assert patient.body.startswith("Hola, Marta:\n")
    assert f"https://clinic.example/es/consultation/status/{spanish.status_token}/" in patient.body
    assert "Este no es un servicio de emergencias. En una emergencia, llame al 911." in patient.body
    assert staff.subject == f"New consultation request {spanish.reference}"
    assert dict(OutgoingEmail.objects.values_list("kind", "language")) == {
        "patient_confirmation": "es",
        "staff_new_request": "en",
    }


def test_an_english_request_s_emails_stay_english(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        consultation = submit_request()
    [patient] = [message for message in mail.outbox if message.to == ["marta@example.com"]]
    assert patient.subject == f"We received your consultation request {consultation.reference}"
    assert consultation.language == "en"


def test_the_status_page_and_withdrawal_speak_spanish(spanish: ConsultationRequest) -> None:
    client = Client()
    status = client.get(f"/es/consultation/status/{spanish.status_token}/")
    assert page(status).find("h1").text == "Su solicitud de consulta"
    assert "Estado: Nueva" in read(status).main_text

    confirm = client.get(f"/es/consultation/status/{spanish.status_token}/withdraw/")
    assert page(confirm).find("h1").text == "¿Retirar su solicitud?"
    done = client.post(f"/es/consultation/status/{spanish.status_token}/withdraw/", follow=True)
    assert "Su solicitud ha sido retirada. No tiene que hacer nada más." in read(done).main_text
    assert "Estado: Retirada" in read(done).main_text


def test_a_spanish_request_is_declined_with_the_spanish_message(
    spanish: ConsultationRequest, django_capture_on_commit_callbacks
) -> None:
    staff = login_verified(Client(), make_staff("casey", COORDINATORS))
    workflow.start_review(spanish, make_staff("dana", COORDINATORS))
    mail.outbox.clear()

    step = staff.post(work_url(spanish, "decline"), decline_choice_data())
    html = page(step)
    text = html.find("textarea", id="id_text")
    standard = DeclineMessage.objects.get(title="Outside the states we serve")
    assert text.attrs["lang"] == "es"
    assert text.text == standard.body_es
    assert "The message the patient will receive by email, in Spanish" in html.text

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            work_url(spanish, "decline"),
            {"reason": "Outside our states.", "text": standard.body_es, "send": "1"},
        )
    [declined] = [message for message in mail.outbox if message.to == ["marta@example.com"]]
    assert declined.subject == f"Sobre su solicitud de consulta {spanish.reference}"
    assert standard.body_es in declined.body


def test_a_message_without_a_spanish_version_starts_empty_and_says_why(spanish: ConsultationRequest) -> None:
    custom = DeclineMessage.objects.create(title="Only English so far", body="Sorry.")
    staff = login_verified(Client(), make_staff("casey", COORDINATORS))
    workflow.start_review(spanish, make_staff("dana", COORDINATORS))

    html = page(staff.post(work_url(spanish, "decline"), decline_choice_data(message=custom)))

    assert html.find("textarea", id="id_text").text == ""
    assert "has no Spanish version yet" in html.text


def test_the_spanish_form_remembers_the_interpreter_and_another_language() -> None:
    consultation = submit_request(
        form="/es/consultation/",
        consultation_language="other",
        consultation_language_other="Quechua",
        interpreter="yes",
    )
    assert (consultation.consultation_language, consultation.consultation_language_other) == (
        "other",
        "Quechua",
    )
    assert consultation.interpreter is True


def test_another_language_needs_its_name(client: Client) -> None:
    response = client.post(
        "/es/consultation/", valid_form_data(consultation_language="other", consultation_language_other="")
    )
    assert response.status_code == 200
    assert "Díganos qué idioma quiere." in read(response).main_text
    assert not ConsultationRequest.objects.exists()
