"""Read a rendered page the way a person (or a search engine) does: its text, links and head."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

_HIDDEN = {"head", "script", "style", "template"}


@dataclass
class Script:
    attrs: dict[str, str | None]
    body: str


@dataclass
class Rendered:
    text: str = ""
    """Every visible word of the body, whitespace collapsed."""
    main_text: str = ""
    """The visible words inside <main> only (no header or footer)."""
    main_links: list[tuple[str, str]] = field(default_factory=list)
    """(link text, href) for every <a> inside <main>, in document order."""
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    """<meta name=...> and <meta property=...> contents."""
    head_links: list[dict[str, str | None]] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)

    def head_link(self, rel: str) -> str | None:
        return next((link["href"] for link in self.head_links if link.get("rel") == rel), None)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Rendered()
        self._text: list[str] = []
        self._main_text: list[str] = []
        self._hidden = 0
        self._main = 0
        self._link: tuple[str, list[str]] | None = None
        self._script: Script | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _HIDDEN:
            self._hidden += 1
        if tag == "main":
            self._main += 1
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and values.get("content") is not None:
            key = values.get("name") or values.get("property")
            if key:
                self.page.meta[key] = values["content"] or ""
        elif tag == "link":
            self.page.head_links.append(values)
        elif tag == "script":
            self._script = Script(values, "")
        elif tag == "a" and self._main:
            self._link = (values.get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden -= 1
        if tag == "main":
            self._main -= 1
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._script is not None:
            self.page.scripts.append(self._script)
            self._script = None
        elif tag == "a" and self._link is not None:
            href, words = self._link
            self.page.main_links.append((_collapse("".join(words)), href))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.body += data
        if self._in_title:
            self.page.title += data
        if self._hidden:
            return
        self._text.append(data)
        if self._main:
            self._main_text.append(data)
        if self._link is not None:
            self._link[1].append(data)

    def close(self) -> None:
        super().close()
        self.page.text = _collapse("".join(self._text))
        self.page.main_text = _collapse("".join(self._main_text))
        self.page.title = _collapse(self.page.title)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def read(response: HttpResponse) -> Rendered:
    parser = _Parser()
    parser.feed(response.content.decode())
    parser.close()
    return parser.page
