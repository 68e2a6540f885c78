"""Content editors edit both languages in the admin: each page beside its translation, the pages
still to translate one filter away, and a translation started at its English page's address."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from education.models import Page
from education.seeding import seed_pages
from tests.education.factories import make_page
from tests.support.html import page as html_page
from tests.support.html import queue_rows as table_rows
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/education/page/"
ADD = "/admin/education/page/add/"


@pytest.fixture
def editor_client(client: Client, django_user_model: type[User]) -> Client:
    """Signed in as a content editor: staff with the education permissions and nothing else."""
    user = django_user_model.objects.create_user(username="editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="education"))
    return login_verified(client, user)


def page_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "Dormir y LDN",
        "slug": "sleep",
        "language": "es",
        "summary": "Cómo puede cambiar su sueño.",
        "order": "1",
        "published": "on",
        "last_reviewed": "2026-12-01",
        "reviewer": "Dr. Ada Reviewer",
        "body": "## Sueños\n\nAlgunas personas tienen sueños vívidos.\n",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
    }
    return data | changes


def queue_rows(response) -> list[dict[str, str]]:
    """The list's rows by column heading, without the sort priority the admin puts before a heading."""
    return [{re.sub(r"^\d+ ", "", key): value for key, value in row.items()} for row in table_rows(response)]


def links(response, text: str) -> list[str]:
    """The links with this text in the list of pages (not in its filters)."""
    table = html_page(response).find("table", id="result_list")
    return [a.attrs["href"] for a in table.find_all("a") if a.text == text]


def test_the_list_shows_each_page_beside_its_translation(editor_client: Client) -> None:
    seed_pages()

    rows = queue_rows(editor_client.get(CHANGELIST))

    assert [(row["Title"], row["Language"]) for row in rows[:4]] == [
        ("Low-dose naltrexone for rheumatoid arthritis: an overview", "English"),
        ("Naltrexona en dosis bajas para la artritis reumatoide: resumen", "Spanish"),
        ("Rheumatoid arthritis and today's treatments", "English"),
        ("La artritis reumatoide y sus tratamientos de hoy", "Spanish"),
    ]
    assert {row["Other languages"] for row in rows} == {"English", "Spanish"}


def test_an_editor_can_list_one_language(editor_client: Client) -> None:
    seed_pages()

    rows = queue_rows(editor_client.get(CHANGELIST, {"language__exact": "es"}))

    assert len(rows) == 13
    assert {row["Language"] for row in rows} == {"Spanish"}


def test_the_pages_without_a_spanish_version_are_one_filter_away(editor_client: Client) -> None:
    make_page("first", 1)
    make_page("first", 1, language="es", title="Primera")
    make_page("second", 2, title="Second page")

    response = editor_client.get(CHANGELIST, {"translation": "missing-es"})

    assert [row["Title"] for row in queue_rows(response)] == ["Second page"]
    assert "No Spanish page yet" in response.content.decode()


def test_the_other_language_links_to_its_page_or_starts_it(editor_client: Client) -> None:
    english = make_page("first", 1)
    spanish = make_page("first", 1, language="es", title="Primera")
    untranslated = make_page("second", 2, title="Second page")

    response = editor_client.get(CHANGELIST)

    assert links(response, "Spanish") == [f"/admin/education/page/{spanish.pk}/change/"]
    assert links(response, "English") == [f"/admin/education/page/{english.pk}/change/"]
    assert links(response, "Add the Spanish page") == [f"{ADD}?language=es&slug=second&order=2"]
    assert untranslated.pk


def test_a_translation_whose_english_page_moved_says_so(editor_client: Client) -> None:
    make_page("first", 1)
    make_page("first", 1, language="es", title="Primera")
    Page.objects.filter(language="en").update(slug="renamed")

    rows = queue_rows(editor_client.get(CHANGELIST))

    assert {row["Title"]: row["Other languages"] for row in rows}[
        "Primera"
    ] == "No English page with this slug"


def test_starting_a_translation_fills_in_its_language_address_and_place(editor_client: Client) -> None:
    make_page("second", 2)

    form = (
        editor_client.get(ADD, {"language": "es", "slug": "second", "order": "2"}).context["adminform"].form
    )

    assert (form["language"].value(), form["slug"].value(), form["order"].value()) == ("es", "second", "2")
    assert form["last_reviewed"].value() is None  # a translation is reviewed on its own


def test_an_editor_adds_a_spanish_page_at_the_english_pages_slug(
    editor_client: Client, client: Client
) -> None:
    make_page("sleep", 1)

    response = editor_client.post(ADD, page_data())

    assert response.status_code == 302
    spanish = Page.objects.get(slug="sleep", language="es")
    assert (spanish.title, spanish.body) == (
        "Dormir y LDN",
        "## Sueños\n\nAlgunas personas tienen sueños vívidos.\n",
    )


def test_a_second_spanish_page_at_the_same_slug_is_refused(editor_client: Client) -> None:
    make_page("sleep", 1)
    make_page("sleep", 1, language="es")

    response = editor_client.post(ADD, page_data(title="Otra"))

    assert response.status_code == 200
    assert "There is already a page in this language with this slug." in response.content.decode()
    assert Page.objects.filter(language="es").count() == 1


def test_a_spanish_page_without_an_english_page_is_refused(editor_client: Client) -> None:
    response = editor_client.post(ADD, page_data(slug="dormir"))

    assert response.status_code == 200
    assert "No English page has the slug “dormir”." in response.content.decode()
    assert not Page.objects.filter(slug="dormir").exists()


def test_a_pages_language_cannot_be_changed(editor_client: Client) -> None:
    page = make_page("sleep", 1)
    data = page_data(title=page.title, language="es", body=page.body)

    response = editor_client.post(f"/admin/education/page/{page.pk}/change/", data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.language == "en"
    form = editor_client.get(f"/admin/education/page/{page.pk}/change/").context["adminform"].form
    assert form.fields["language"].disabled


def test_a_spanish_page_is_previewed_with_the_spanish_statements(editor_client: Client) -> None:
    make_page("sleep", 1)
    spanish = make_page("sleep", 1, language="es", body="## Opioides\n\n[[tell-every-doctor]]\n")

    content = editor_client.get(f"/admin/education/page/{spanish.pk}/change/").content.decode()

    assert (
        "Dígale a todo médico, dentista, farmacéutico o equipo de emergencias que toma naltrexona." in content
    )


def test_the_list_query_count_does_not_grow_with_translations(admin_client: Client) -> None:
    """Guards an N+1 on the "Other languages" column: each row looks up its translations."""

    def add_pages(orders: range) -> None:
        for order in orders:
            make_page(f"page-{order}", order)
            make_page(f"page-{order}", order, language="es")

    add_pages(range(3))
    admin_client.get(CHANGELIST)  # the first request of a session also records its start
    with CaptureQueriesContext(connection) as with_three:
        admin_client.get(CHANGELIST)
    add_pages(range(3, 10))
    with CaptureQueriesContext(connection) as with_ten:
        response = admin_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 20
    assert len(with_ten) == len(with_three)
