"""The language switcher: which addresses a page has in each language, and remembering a choice.

The site's patient side is in English at today's addresses and in Spanish under /es/. A page's
switcher links to the same page in the other language with `?language=<code>`; following it
sets the language cookie (the only time it is set) and goes on to the clean address. Later, a
visit from outside the site to an English address, by someone whose cookie says Spanish, goes to
the Spanish one. Nothing else reads or writes the cookie, and it holds only the language code.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from education import cache
from welltopia import languages

# The URL namespaces served in every language (welltopia/urls.py's i18n_patterns).
PATIENT_NAMESPACES = {"education", "intake"}
# Pages search engines may list (the sitemap's): only these name their other-language addresses.
# A patient's own pages (status, booking, withdraw) offer the switch but no hreflang.
INDEXED = {"education", "intake:request"}
CHOOSE_PARAMETER = "language"


def _patient_match(path: str) -> ResolverMatch | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if match.namespace in PATIENT_NAMESPACES else None


def page_languages(match: ResolverMatch | None) -> list[dict[str, object]]:
    """The current page in each language: code, own name, address, whether it is the one shown
    and whether it is written in that language (an education page may not be translated yet)."""
    current = languages.normalize(translation.get_language())
    links = []
    for code in languages.CODES:
        with translation.override(code):
            if match is not None:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            else:  # an error page: the home page in that language
                url = reverse("education:home")
        written = match is not None and (
            match.view_name != "education:page" or cache.has_translation(match.kwargs["slug"], code)
        )
        links.append(
            {
                "code": code,
                "name": languages.NATIVE_NAMES[code],
                "url": url,
                "choose_url": f"{url}?{CHOOSE_PARAMETER}={code}",
                "current": code == current,
                "written": written,
            }
        )
    return links


def context(request: HttpRequest) -> dict[str, object]:
    """Template context: `language_links` (built only when a template uses it) and
    `alternate_links` (the hreflang alternates: only when the page is written in more than one)."""

    def links() -> list[dict[str, object]]:
        match = request.resolver_match
        return page_languages(match if match is not None and match.namespace in PATIENT_NAMESPACES else None)

    every = SimpleLazyObject(links)

    def alternates() -> list[dict[str, object]]:
        match = request.resolver_match
        if match is None or not ({match.namespace, match.view_name} & INDEXED):
            return []
        written = [link for link in every if link["written"]]
        return written if len(written) > 1 else []

    return {"language_links": every, "alternate_links": SimpleLazyObject(alternates)}


def error_page_context() -> dict[str, object]:
    """For an error page: the switch goes to the home page in the other language (the address
    asked for may be mistyped, or hold a token that is not valid), and no hreflang."""
    return {"language_links": page_languages(None), "alternate_links": []}


def _from_this_site(request: HttpRequest) -> bool:
    referer = request.META.get("HTTP_REFERER", "")
    host = request.get_host()
    return referer.split("://", 1)[-1].split("/", 1)[0] == host


def _set_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LanguageChoiceMiddleware:
    """After LocaleMiddleware: `?language=` sets the choice; the choice sends an outside visit to an
    English address on to the same page in the chosen language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            response = self._chosen(request) or self._remembered(request)
            if response is not None:
                add_never_cache_headers(response)
                patch_vary_headers(response, ("Cookie",))
                return response
        return self.get_response(request)

    def _chosen(self, request: HttpRequest) -> HttpResponse | None:
        code = request.GET.get(CHOOSE_PARAMETER)
        if code is None or code != languages.normalize(translation.get_language()):
            return None
        if _patient_match(request.path_info) is None:
            return None
        response = HttpResponseRedirect(request.path)  # the address without the parameter
        _set_cookie(response, code)
        return response

    def _remembered(self, request: HttpRequest) -> HttpResponse | None:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in languages.TRANSLATIONS or translation.get_language_from_path(request.path_info):
            return None
        if _from_this_site(request):
            return None  # they followed one of our links to an English page: that is their choice
        match = _patient_match(request.path_info)
        if match is None:
            return None
        target = page_languages(match)[languages.CODES.index(code)]
        if not target["written"]:
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(str(target["url"]) + (f"?{query}" if query else ""))
