"""A double click, a refresh or two racing posts of the same form create one request."""

import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client

from intake import screening
from intake.models import ConsultationRequest
from tests.support.patients import valid_form_data


@pytest.mark.django_db
def test_posting_the_same_form_twice_creates_one_request(client: Client) -> None:
    data = valid_form_data()

    first = client.post("/consultation/", data)
    second = client.post("/consultation/", data)

    consultation = ConsultationRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == consultation.get_status_url()


@pytest.mark.django_db
def test_the_second_post_sends_no_more_emails(
    client: Client, mailoutbox: list, django_capture_on_commit_callbacks
) -> None:
    data = valid_form_data()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", data)
        client.post("/consultation/", data)

    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_changed_answer_in_the_second_post_does_not_change_the_request(client: Client) -> None:
    data = valid_form_data(first_name="Marta")
    client.post("/consultation/", data)

    client.post("/consultation/", {**data, "first_name": "Martha"})

    assert ConsultationRequest.objects.get().first_name == "Marta"


@pytest.mark.django_db
def test_a_new_form_creates_a_second_request(client: Client) -> None:
    client.post("/consultation/", valid_form_data())
    client.post("/consultation/", valid_form_data())

    assert ConsultationRequest.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_the_same_form_create_one_request(
    monkeypatch: pytest.MonkeyPatch, mailoutbox: list
) -> None:
    data = valid_form_data()
    start = threading.Barrier(2, timeout=10)
    both_checked = threading.Barrier(2, timeout=10)
    current_catalog = screening.current_catalog

    def catalog_once_both_have_checked() -> screening.Catalog:
        # Both posts have looked for an earlier request with this token and found none.
        both_checked.wait()
        return current_catalog()

    monkeypatch.setattr(screening, "current_catalog", catalog_once_both_have_checked)
    responses: list[HttpResponse] = []
    failures: list[BaseException] = []

    def post() -> None:
        try:
            client = Client()
            start.wait()
            responses.append(client.post("/consultation/", data))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    consultation = ConsultationRequest.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {consultation.get_status_url()}
    assert consultation.medicines.count() == 2
    assert consultation.consents.count() == 4
    assert consultation.status_changes.count() == 1
    assert sorted(message.subject for message in mailoutbox) == [
        f"New consultation request {consultation.reference}",
        f"We received your consultation request {consultation.reference}",
    ]
