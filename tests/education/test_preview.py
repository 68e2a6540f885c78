"""Content editors preview a page as readers will see it before they publish it."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache as django_cache

from education.models import Page
from education.seeding import seed_pages
from tests.education.test_admin import change_form_data, change_url
from tests.support.html import page as tree
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

ADD_PREVIEW = "/admin/education/page/add/preview/"


def preview_url(page: Page) -> str:
    return f"/admin/education/page/{page.pk}/preview/"


@pytest.fixture
def editor(django_user_model: type[User]) -> User:
    user = django_user_model.objects.create_user(username="editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="education"))
    return user


@pytest.fixture
def page(editor: User) -> Page:
    seed_pages()
    django_cache.clear()
    return Page.objects.get(slug="what-is-ldn", language="en")


def test_the_change_form_offers_a_preview_in_a_new_tab(client, editor, page) -> None:
    login_verified(client, editor)
    buttons = [b for b in tree(client.get(change_url(page))).find_all("button") if b.attrs.get("formaction")]
    assert [b.attrs["formaction"] for b in buttons] == [preview_url(page)]
    assert buttons[0].attrs["formtarget"] == "_blank"
    assert "nothing is saved" in buttons[0].text


def test_the_preview_shows_the_edit_as_readers_will_see_it_and_saves_nothing(client, editor, page) -> None:
    login_verified(client, editor)
    data = change_form_data(client, page)
    data["title"] = "What LDN is, edited"
    data["body"] = page.body + "\n## A new section\n\nA new paragraph the editor typed.\n"
    response = client.post(preview_url(page), data)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = tree(response)
    assert html.find("h1").text == "What LDN is, edited"
    assert "Preview — not published" in html.find(cls="preview-banner").text
    robots = [m for m in html.find_all("meta") if m.attrs.get("name") == "robots"]
    assert [m.attrs["content"] for m in robots] == ["noindex, nofollow"]
    assert "A new paragraph the editor typed." in html.find(cls="page-body").text
    # The references as they stand in the form, and the review line.
    assert html.find(cls="references").find_all("li")
    assert "Next review due" in html.find(cls="reviewed").text

    page.refresh_from_db()
    assert page.title != "What LDN is, edited"
    public = tree(client.get(page.get_absolute_url()))
    assert "A new paragraph the editor typed." not in public.text
    assert not public.find_all(cls="preview-banner")


def test_a_new_page_can_be_previewed_before_it_is_first_saved(client, editor, page) -> None:
    login_verified(client, editor)
    data = change_form_data(client, page) | {"slug": "brand-new", "title": "A brand new page"}
    # The add form's inline starts empty.
    data |= {"references-TOTAL_FORMS": "0", "references-INITIAL_FORMS": "0"}
    response = client.post(ADD_PREVIEW, data)
    assert response.status_code == 200
    assert tree(response).find("h1").text == "A brand new page"
    assert not Page.objects.filter(slug="brand-new").exists()


def test_a_form_with_mistakes_says_what_to_correct_instead(client, editor, page) -> None:
    login_verified(client, editor)
    data = change_form_data(client, page) | {"title": "", "body": page.body + "\n[[no_such_statement]]\n"}
    response = client.post(preview_url(page), data)
    assert response.status_code == 400
    text = tree(response).text
    assert "cannot be previewed" in text
    assert "Title: This field is required." in text
    assert "[[no_such_statement]]" in text


def test_only_editors_may_preview(client, django_user_model, page) -> None:
    other = django_user_model.objects.create_user(username="coordinator", is_staff=True)
    login_verified(client, other)
    response = client.post(preview_url(page), {"title": "x"})
    assert response.status_code == 403


def test_preview_answers_only_a_posted_form(client, editor, page) -> None:
    login_verified(client, editor)
    assert client.get(preview_url(page)).status_code == 405
