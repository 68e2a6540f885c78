"""The site's own middleware does its work only for the requests that need it."""

from django.contrib import messages
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages import get_messages
from django.contrib.messages.storage.base import BaseStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from welltopia.middleware import LazyMessageMiddleware, StaffSessionLimitMiddleware


def _with_session(request: HttpRequest) -> HttpRequest:
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_a_page_that_shows_no_message_makes_no_message_store() -> None:
    request = _with_session(RequestFactory().get("/learn/"))

    response = LazyMessageMiddleware(lambda request: HttpResponse("<p>a page</p>"))(request)

    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies


def test_a_message_added_is_kept_for_the_next_page() -> None:
    request = _with_session(RequestFactory().get("/somewhere/"))

    def view(request: HttpRequest) -> HttpResponse:
        messages.success(request, "Your request has been withdrawn.")
        return HttpResponse()

    response = LazyMessageMiddleware(view)(request)

    following = _with_session(
        RequestFactory().get("/next/", HTTP_COOKIE=f"messages={response.cookies['messages'].value}")
    )
    LazyMessageMiddleware(lambda request: HttpResponse())(following)
    assert following._messages._wrapped is empty  # not made until something reads it
    assert [str(message) for message in get_messages(following)] == ["Your request has been withdrawn."]
    assert isinstance(following._messages._wrapped, BaseStorage)


def test_a_reader_without_a_session_is_not_looked_up() -> None:
    request = _with_session(RequestFactory().get("/learn/"))
    AuthenticationMiddleware(lambda request: HttpResponse()).process_request(request)

    response = StaffSessionLimitMiddleware(lambda request: HttpResponse("a page"))(request)

    assert response.content == b"a page"
    assert request.user._wrapped is empty  # no session cookie: nobody is signed in, nothing to load
