"""The education page admin: editors change pages there, and readers see the change at once."""

import dataclasses
import datetime

import pytest
from django import forms
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from education.models import Page
from education.seeding import load_sources, seed_pages
from tests.education.factories import make_page
from tests.support.html import read
from tests.support.staff import login_verified

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/education/page/"


def change_url(page: Page) -> str:
    return f"/admin/education/page/{page.pk}/change/"


def form_data(form: forms.BaseForm) -> dict[str, str]:
    """What a browser sends back for a form left as it was shown."""
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        elif isinstance(value, datetime.date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


def change_form_data(client: Client, page: Page) -> dict[str, str]:
    """The page's change form with its references inline, as the admin shows it."""
    response = client.get(change_url(page))
    assert response.status_code == 200
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= form_data(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= form_data(form)
    return data


def changelist_data(client: Client) -> dict[str, str]:
    """The page list's editable columns (order, published), as the admin shows them."""
    formset = client.get(CHANGELIST).context["cl"].formset
    data = form_data(formset.management_form)
    for form in formset.forms:
        data |= form_data(form)
    return data | {"_save": "Save"}


@pytest.fixture
def pages() -> list[Page]:
    seed_pages()
    return list(Page.objects.all())


@pytest.fixture
def editor(django_user_model: type[User]) -> User:
    """A content editor: staff with the education permissions and nothing else."""
    user = django_user_model.objects.create_user(username="editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="education"))
    return user


def test_it_requires_a_staff_login(client: Client, pages: list[Page]) -> None:
    response = client.get(change_url(pages[0]))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={change_url(pages[0])}"


def test_it_requires_the_second_factor(client: Client, editor: User, pages: list[Page]) -> None:
    client.force_login(editor)

    response = client.get(change_url(pages[0]))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={change_url(pages[0])}"


def test_saving_a_page_shows_the_edit_to_readers_at_once(
    admin_client: Client, client: Client, pages: list[Page]
) -> None:
    page = pages[2]
    client.get(page.get_absolute_url())  # warm the cache with the old text
    data = change_form_data(admin_client, page)
    assert data["references-TOTAL_FORMS"] == str(page.references.count())
    data["body"] = "## Freshly edited\n\nThe clinic rewrote this page today.\n"
    data["references-1-title"] = "A renamed reference"

    response = admin_client.post(change_url(page), data)

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    shown = read(client.get(page.get_absolute_url()))
    assert "Freshly edited The clinic rewrote this page today." in shown.main_text
    assert ("A renamed reference", page.references.all()[1].url) in shown.main_links
    page.refresh_from_db()
    assert page.body == "## Freshly edited\n\nThe clinic rewrote this page today.\n"


def test_saving_a_page_unchanged_keeps_it_following_its_source(
    admin_client: Client, pages: list[Page]
) -> None:
    page = pages[2]
    data = change_form_data(admin_client, page)
    data["body"] = data["body"].replace("\n", "\r\n")  # as a browser sends a textarea

    admin_client.post(change_url(page), data)

    page.refresh_from_db()
    assert page.content_checksum() == page.seeded_checksum
    source = next(source for source in load_sources() if source.slug == page.slug)
    report = seed_pages([dataclasses.replace(source, summary="A newer summary from the file.")])
    assert report.updated == [page.slug]


def test_renaming_a_page_renames_the_links_to_it(
    admin_client: Client, client: Client, pages: list[Page]
) -> None:
    before, renamed = pages[1], pages[2]
    client.get("/learn/")
    client.get(before.get_absolute_url())
    data = change_form_data(admin_client, renamed) | {"title": "LDN in plain words"}

    admin_client.post(change_url(renamed), data)

    assert ("LDN in plain words", renamed.get_absolute_url()) in read(client.get("/learn/")).main_links
    neighbour = read(client.get(before.get_absolute_url()))
    assert ("LDN in plain words →", renamed.get_absolute_url()) in neighbour.main_links


def test_unpublishing_from_the_list_hides_the_page_at_once(
    admin_client: Client, client: Client, pages: list[Page]
) -> None:
    hidden = pages[3]
    client.get("/learn/")
    client.get(hidden.get_absolute_url())
    data = changelist_data(admin_client)
    index = next(i for i in range(len(pages)) if data[f"form-{i}-id"] == str(hidden.pk))
    del data[f"form-{index}-published"]

    response = admin_client.post(CHANGELIST, data)

    assert response.status_code == 302
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert hidden.title not in read(client.get("/learn/")).main_text


def test_deleting_a_page_removes_it_from_the_site_at_once(
    admin_client: Client, client: Client, pages: list[Page]
) -> None:
    gone = pages[0]
    client.get(gone.get_absolute_url())

    response = admin_client.post(f"/admin/education/page/{gone.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Page.objects.filter(pk=gone.pk).exists()
    assert client.get(gone.get_absolute_url()).status_code == 404
    assert gone.title not in read(client.get("/learn/")).main_text


def test_a_content_editor_sees_the_saved_body_rendered_on_the_form(
    client: Client, editor: User, pages: list[Page]
) -> None:
    login_verified(client, editor)

    response = client.get(change_url(pages[2]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Body as last saved" in content
    assert (
        '<div class="education-preview"><h2 id="where-naltrexone-comes-from">Where naltrexone comes from</h2>'
        in (content)
    )
    assert 'rel="noopener noreferrer">Reported benefits and the evidence</a>' in content


def test_a_content_editor_can_open_the_page_list(client: Client, editor: User, pages: list[Page]) -> None:
    login_verified(client, editor)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert f"{len(pages)} pages" in response.content.decode()


def test_the_add_form_points_to_the_preview_button(admin_client: Client) -> None:
    content = admin_client.get("/admin/education/page/add/").content.decode()

    assert "Not saved yet: use “Preview” below to see the page." in content
    assert 'formaction="/admin/education/page/add/preview/"' in content


def test_staff_without_page_permissions_cannot_open_the_pages(
    client: Client, django_user_model: type[User], pages: list[Page]
) -> None:
    login_verified(client, django_user_model.objects.create_user(username="coordinator", is_staff=True))

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(pages[0])).status_code == 403


def test_the_list_flags_pages_edited_since_seeding(admin_client: Client, pages: list[Page]) -> None:
    Page.objects.filter(pk=pages[4].pk).update(reviewer="Dr. Someone Else")

    response = admin_client.get(CHANGELIST)

    cl = response.context["cl"]
    flags = {page.slug: cl.model_admin.edited_since_seed(page) for page in cl.result_list}
    assert flags == {page.slug: page.pk == pages[4].pk for page in pages}
    content = response.content.decode()
    assert (content.count('alt="True"'), content.count('alt="False"')) == (1, len(pages) - 1)


def test_the_page_list_query_count_does_not_grow_with_pages(admin_client: Client) -> None:
    """Guards an N+1 on references: "Edited since seeding" checks each page's references."""

    def add_pages(orders: range) -> None:
        for order in orders:
            make_page(f"page-{order}", order).references.create(title="A study", url="https://example.org/s")

    add_pages(range(3))
    admin_client.get(CHANGELIST)  # the first request of a session also records its start
    with CaptureQueriesContext(connection) as with_three:
        admin_client.get(CHANGELIST)
    add_pages(range(3, 10))
    with CaptureQueriesContext(connection) as with_ten:
        response = admin_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 10
    assert len(with_ten) == len(with_three)
