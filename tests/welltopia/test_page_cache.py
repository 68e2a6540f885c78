"""Pages kept rendered (welltopia/page_cache.py): the same for everyone, never stale, never shared secrets."""

import gzip
import uuid

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.csp import LazyNonce

from education import cache
from education.models import Page
from intake.models import ConsultationRequest, Medicine, MedicineName
from tests.education.factories import make_page
from tests.support.html import form_data, read
from tests.support.patients import load_reviewed_catalog, valid_form_data
from welltopia.page_cache import SharedPage, csrf_token, placeholder

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def _tokens(response: HttpResponse) -> tuple[str, str]:
    sent = form_data(response, "intake-form")
    return sent["csrfmiddlewaretoken"][0], sent["submission_token"][0]


def test_every_visitor_gets_the_empty_form_with_their_own_tokens() -> None:
    first, second = Client(), Client()

    one = first.get("/consultation/")
    two = second.get("/consultation/")

    csrf_one, token_one = _tokens(one)
    csrf_two, token_two = _tokens(two)
    assert csrf_one != csrf_two
    assert token_one != token_two
    assert uuid.UUID(token_one).version == uuid.UUID(token_two).version == 4
    assert "welltopiaslot" not in one.content.decode() + two.content.decode()
    # Apart from the two tokens, the pages are the same.
    assert one.content.decode().replace(csrf_one, "").replace(token_one, "") == two.content.decode().replace(
        csrf_two, ""
    ).replace(token_two, "")


def test_the_tokens_of_a_stored_form_work_when_it_is_sent() -> None:
    load_reviewed_catalog()
    browser = Client(enforce_csrf_checks=True)
    browser.get("/consultation/")  # the first visitor's page is rendered; this one comes from the store
    csrf, token = _tokens(browser.get("/consultation/"))

    response = browser.post(
        "/consultation/", valid_form_data(submission_token=token) | {"csrfmiddlewaretoken": csrf}
    )

    assert response.status_code == 302
    assert ConsultationRequest.objects.filter(submission_token=token).exists()


def test_the_form_suggests_a_medicine_added_to_the_catalog() -> None:
    load_reviewed_catalog()
    client = Client()
    assert "Zzylomab" not in client.get("/consultation/").content.decode()
    medicine = Medicine.objects.create(generic_name="zzylomab", drug_class=Medicine.DrugClass.ANALGESIC)
    MedicineName.objects.create(medicine=medicine, name="Zzylomab")

    from intake import screening

    screening.catalog_changed()  # what the catalog admin and load_catalog do

    assert '<option value="Zzylomab">' in client.get("/consultation/").content.decode()


def test_a_page_is_never_stale_after_an_editor_saves() -> None:
    make_page("first", 1, title="Before")
    reader = Client()
    assert read(reader.get("/learn/first/")).title == "Before · Welltopia"
    assert ("Before", "/learn/first/") in read(reader.get("/learn/")).main_links

    Page.objects.filter(slug="first").update(title="After")
    cache.clear_all()  # what the page admin, seed_pages and the seeding do after every save

    assert read(reader.get("/learn/first/")).title == "After · Welltopia"
    assert ("After", "/learn/first/") in read(reader.get("/learn/")).main_links


@pytest.mark.parametrize("path", ["/learn/first/", "/consultation/"])
def test_a_stored_page_goes_out_with_every_header_the_first_one_had(path: str) -> None:
    make_page("first", 1)
    client = Client()

    first = client.get(path)  # rendered
    second = client.get(path)  # from the store

    assert sorted(second.headers) == sorted(first.headers)
    for name in ("Content-Security-Policy", "Cache-Control", "X-Frame-Options", "Referrer-Policy"):
        assert (
            second.headers.get(name, "").split("'nonce-")[0]
            == first.headers.get(name, "").split("'nonce-")[0]
        )
    # The form is never stored by a browser or a proxy; the education pages may be.
    assert ("no-store" in second.get("Cache-Control", "")) == (path == "/consultation/")


def test_a_compressed_page_is_the_same_page() -> None:
    make_page("first", 1)
    client = Client()

    plain = client.get("/learn/first/")
    compressed = client.get("/learn/first/", headers=GZIP)

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 2
    # Only the nonce differs between the two.
    nonce_plain = plain["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    nonce_compressed = compressed["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert gzip.decompress(compressed.content).decode().replace(nonce_compressed, "N") == (
        plain.content.decode().replace(nonce_plain, "N")
    )


def test_the_compressed_form_carries_its_own_tokens() -> None:
    client = Client()
    client.get("/consultation/")

    response = client.get("/consultation/", headers=GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert "no-store" in response["Cache-Control"]
    html = gzip.decompress(response.content)
    csrf, token = _tokens(HttpResponse(html))
    assert len(csrf) == 64
    assert uuid.UUID(token).version == 4


def test_the_form_sent_back_with_problems_is_compressed_with_random_padding() -> None:
    client = Client()
    data = valid_form_data(last_name="")

    one = client.post("/consultation/", data, headers=GZIP)
    two = client.post("/consultation/", data, headers=GZIP)

    assert one["Content-Encoding"] == two["Content-Encoding"] == "gzip"
    assert "Please enter your last name." in gzip.decompress(one.content).decode()
    # Django's "Heal the BREACH": a random file name in the gzip header varies the length.
    assert (
        len(
            {
                len(one.content),
                len(two.content),
                len(client.post("/consultation/", data, headers=GZIP).content),
            }
        )
        > 1
    )


def test_status_pages_and_the_admin_go_out_uncompressed(admin_client: Client) -> None:
    from tests.support.patients import submit_request

    consultation = submit_request()
    status = Client().get(consultation.get_status_url(), headers=GZIP)
    admin = admin_client.get("/admin/intake/consultationrequest/?queue=all", headers=GZIP)

    assert status.status_code == 200
    assert "Content-Encoding" not in status
    assert "Content-Encoding" not in admin


# --------------------------------------------------------------------------- SharedPage itself


def _request(path: str = "/somewhere/", **extra: str) -> HttpRequest:
    request = RequestFactory().get(path, **extra)
    request._csp_nonce = LazyNonce()
    return request


def _page(renders: list[dict[str, str]]) -> SharedPage:
    return SharedPage(lambda: 1, fills={"secret": lambda request: request.GET.get("s", "s3cr3t")})


def _render(renders: list[dict[str, str]]):
    def render(slots: dict[str, str]) -> HttpResponse:
        renders.append(slots)
        return HttpResponse(f"<p>hello {slots['secret']} world</p>" * 20)

    return render


def test_a_page_is_rendered_once_and_filled_in_for_each_request() -> None:
    renders: list[dict[str, str]] = []
    page = _page(renders)

    first = page.serve(_request(), _render(renders))
    second = page.serve(_request(), _render(renders))

    assert renders == [{"secret": placeholder("secret")}]
    assert first.content == second.content == b"<p>hello s3cr3t world</p>" * 20
    assert gzip.decompress(second.gzipped()) == second.content


def test_a_visitor_with_a_session_or_a_query_string_gets_a_page_of_their_own() -> None:
    renders: list[dict[str, str]] = []
    page = _page(renders)
    page.serve(_request(), _render(renders))

    with_session = _request(HTTP_COOKIE="sessionid=abc")
    with_query = _request("/somewhere/?s=other")
    page.serve(with_session, _render(renders))
    response = page.serve(with_query, _render(renders))

    assert renders[1:] == [{"secret": "s3cr3t"}, {"secret": "other"}]
    assert b"hello other world" in response.content


def test_a_new_version_renders_the_page_again() -> None:
    version = [1]
    renders: list[dict[str, str]] = []
    page = SharedPage(lambda: version[0])
    render = lambda slots: renders.append(slots) or HttpResponse(f"<p>version {version[0]}</p>")  # noqa: E731

    page.serve(_request(), render)
    version[0] = 2

    assert page.serve(_request(), render).content == b"<p>version 2</p>"
    assert len(renders) == 2


def test_a_page_that_sets_a_cookie_or_fails_is_not_kept() -> None:
    renders: list[dict[str, str]] = []
    page = SharedPage(lambda: 1)

    def render(slots: dict[str, str]) -> HttpResponse:
        renders.append(slots)
        response = HttpResponse("<p>hi</p>")
        response.set_cookie("seen", "1")
        return response

    page.serve(_request(), render)
    page.serve(_request(), render)
    page.serve(_request(), lambda slots: renders.append(slots) or HttpResponse("gone", status=404))
    page.serve(_request(), lambda slots: renders.append(slots) or HttpResponse("gone", status=404))

    assert len(renders) == 4


def test_a_csrf_token_without_a_slot_keeps_the_page_from_being_kept() -> None:
    renders: list[dict[str, str]] = []
    page = SharedPage(lambda: 1)

    def render(slots: dict[str, str]) -> HttpResponse:
        renders.append(slots)
        return HttpResponse(f"<input value='{csrf_token(request)}'>")

    request = _request()
    page.serve(request, render)
    request = _request()
    page.serve(request, render)

    assert len(renders) == 2


def test_a_secret_goes_out_uncompressed_so_its_length_tells_nothing() -> None:
    """BREACH guesses a secret by echoing guesses beside it and watching the compressed length
    shrink when a guess matches. Here the length depends on the secret's length alone."""
    renders: list[dict[str, str]] = []
    page = SharedPage(lambda: 1, fills={"secret": lambda request: request.META["HTTP_X_SECRET"]})
    page.serve(_request(HTTP_X_SECRET="x"), _render(renders))

    like_the_page = page.serve(_request(HTTP_X_SECRET="hello world</p><p>hello"), _render(renders))
    unlike_it = page.serve(_request(HTTP_X_SECRET="q8#Zk!vR2@mW$tY7^pLsAbC"), _render(renders))

    # Twenty copies of each: compressed with the page, the look-alike would shrink to almost nothing.
    assert len(like_the_page.gzipped()) == len(unlike_it.gzipped())
    assert len(like_the_page.gzipped()) > len(gzip.compress(like_the_page.content)) + 20 * 20
    assert gzip.decompress(unlike_it.gzipped()) == unlike_it.content


def test_a_kept_page_rewritten_by_a_middleware_is_compressed_as_it_now_is() -> None:
    from welltopia.middleware import CompressionMiddleware

    renders: list[dict[str, str]] = []
    page = _page(renders)
    request = _request(HTTP_ACCEPT_ENCODING="gzip")
    page.serve(request, _render(renders))
    response = page.serve(request, _render(renders))
    response.content = response.content.replace(b"hello", b"goodbye")  # e.g. a debugging toolbar

    compressed = CompressionMiddleware(lambda request: response).process_response(request, response)

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == b"<p>goodbye s3cr3t world</p>" * 20
