"""Read admin pages the way a person (and their browser) does: messages, queue rows, form fields."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"head", "script", "style", "template"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def iter(self) -> Iterator["Element"]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(
        self, tag: str | None = None, *, id: str | None = None, cls: str | None = None
    ) -> list["Element"]:
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (id is None or element.attrs.get("id") == id)
            and (cls is None or cls in element.classes)
        ]

    def find(self, tag: str | None = None, *, id: str | None = None, cls: str | None = None) -> "Element":
        found = self.find_all(tag, id=id, cls=cls)
        if not found:
            raise LookupError(f"No <{tag or '*'} id={id!r} class={cls!r}> on the page")
        return found[0]

    @property
    def text(self) -> str:
        """The visible words, whitespace collapsed (a non-breaking space counts as a space)."""
        return " ".join(self._words().replace("\xa0", " ").split())

    def _words(self) -> str:
        if self.tag in HIDDEN:
            return ""
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child._words())
            if isinstance(child, Element) and child.tag in ("br", "p", "li", "div", "td", "th", "tr"):
                parts.append(" ")
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document")
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self._stack[-1].children.append(element)
        if tag not in VOID:
            self._stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack[-1].children.append(Element(tag, {key: value or "" for key, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def page(response: HttpResponse) -> Element:
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def admin_messages(response: HttpResponse, level: str | None = None) -> list[str]:
    """The messages at the top of an admin page ("WT-… is now in review."), of one level if given."""
    return [
        item.text
        for messagelist in page(response).find_all("ul", cls="messagelist")
        for item in messagelist.find_all("li")
        if level is None or level in item.classes
    ]


def queue_rows(response: HttpResponse) -> list[dict[str, str]]:
    """The changelist's rows, each as {column heading: cell text}, in the order shown."""
    root = page(response)
    table = root.find("table", id="result_list")
    headings = [cell.text for cell in table.find("thead").find_all("th")]
    rows = []
    for row in table.find("tbody").find_all("tr"):
        cells = [cell.text for cell in row.children if isinstance(cell, Element) and cell.tag in ("td", "th")]
        rows.append({heading: cell for heading, cell in zip(headings, cells, strict=True) if heading})
    return rows


def form_data(response: HttpResponse, form_id: str | None = None) -> dict[str, list[str]]:
    """What the browser would send for the form with this id (or the page's first form), as filled in."""
    form = (
        page(response).find("form", id=form_id) if form_id else page(response).find(id="content").find("form")
    )
    data: dict[str, list[str]] = {}
    for element in form.iter():
        name = element.attrs.get("name")
        if not name or "__prefix__" in name:
            continue
        if element.tag == "input":
            kind = element.attrs.get("type", "text")
            if kind in ("submit", "button", "reset", "image"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in element.attrs:
                continue
            data.setdefault(name, []).append(element.attrs.get("value", "on" if kind == "checkbox" else ""))
        elif element.tag == "select":
            chosen = [option.attrs.get("value", option.text) for option in element.find_all("option")
                      if "selected" in option.attrs]  # fmt: skip
            data.setdefault(name, []).extend(chosen)
        elif element.tag == "textarea":
            data.setdefault(name, []).append(
                "".join(c for c in element.children if isinstance(c, str)).removeprefix("\n")
            )
    return data


def save_change_form(client, consultation, changes: dict[str, str | list[str]]) -> HttpResponse:
    """Open a request's change form, change some fields as a person (or a forger) would, and save."""
    url = f"/admin/intake/consultationrequest/{consultation.pk}/change/"
    data: dict[str, str | list[str]] = {**form_data(client.get(url), "consultationrequest_form"), **changes}
    data["_save"] = "Save"
    return client.post(url, data)
