"""Read a rendered page the way a person, a browser or a search engine does. One parser, many views.

`page()` gives the element tree; `read()` the visible words, links and head; `read_form()` the
intake form's error summary, messages beside fields and what a browser would send back;
`form_data()`, `admin_messages()` and `queue_rows()` what staff pages hold.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"head", "script", "style", "template"}
# Elements a browser shows on their own line or in their own cell: their words never run together.
BLOCKS = {
    "br",
    "p",
    "li",
    "div",
    "td",
    "th",
    "tr",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "section",
    "header",
    "article",
}


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
            block = isinstance(child, Element) and child.tag in BLOCKS
            if block:
                parts.append(" ")
            parts.append(child if isinstance(child, str) else child._words())
            if block:
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
    return _values(form)


def _collapse(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _inline_text(element: Element) -> str:
    """Words as the HTML runs them (no breaks added between elements): for titles and link text."""
    parts = []
    for child in element.children:
        parts.append(
            child if isinstance(child, str) else ("" if child.tag in HIDDEN else _inline_text(child))
        )
    return "".join(parts)


@dataclass
class Script:
    attrs: dict[str, str]
    body: str


@dataclass
class Rendered:
    root: Element
    text: str
    """Every visible word of the body, whitespace collapsed."""
    main_text: str
    """The visible words inside <main> only (no header or footer)."""
    main_links: list[tuple[str, str]]
    """(link text, href) for every <a> inside <main>, in document order."""
    title: str
    meta: dict[str, str]
    """<meta name=...> and <meta property=...> contents."""
    head_links: list[dict[str, str]]
    scripts: list[Script]

    def head_link(self, rel: str) -> str | None:
        return next((link["href"] for link in self.head_links if link.get("rel") == rel), None)


def read(response: HttpResponse) -> Rendered:
    root = page(response)
    body = root.find_all("body")
    main = root.find_all("main")
    titles = root.find_all("title")
    return Rendered(
        root=root,
        text=body[0].text if body else root.text,
        main_text=main[0].text if main else "",
        main_links=[
            (_collapse(_inline_text(link)), link.attrs.get("href", ""))
            for link in (main[0].find_all("a") if main else [])
        ],
        title=_collapse(_inline_text(titles[0])) if titles else "",
        meta={
            (element.attrs.get("name") or element.attrs.get("property")): element.attrs["content"]
            for element in root.find_all("meta")
            if "content" in element.attrs and (element.attrs.get("name") or element.attrs.get("property"))
        },
        head_links=[element.attrs for element in root.find_all("link")],
        scripts=[
            Script(element.attrs, "".join(child for child in element.children if isinstance(child, str)))
            for element in root.find_all("script")
        ],
    )


# --------------------------------------------------------------------------- the intake form


@dataclass
class FormPage:
    """The intake form as a person (and their browser) sees it after a POST."""

    summary: list[tuple[str, str]] = field(default_factory=list)
    """(href, text) of every link in the error summary at the top, in page order."""
    errors: dict[str, list[str]] = field(default_factory=dict)
    """Messages shown beside each field, by the field's id."""
    values: dict[str, list[str]] = field(default_factory=dict)
    """What the browser would send back: filled inputs, ticked boxes, chosen options, typed text."""

    def resubmitted(self) -> dict[str, list[str]]:
        """The non-empty values, each list sorted (ticked boxes come back in page order)."""
        return {name: sorted(values) for name, values in self.values.items() if values != [""]}


def as_submitted(data: dict) -> dict[str, list[str]]:
    """Posted form data the way `FormPage.resubmitted()` reports it, to compare the two."""
    lists = {name: value if isinstance(value, list) else [value] for name, value in data.items()}
    return {name: sorted(map(str, values)) for name, values in lists.items() if values != [""]}


def _outside_templates(root: Element) -> Iterator[Element]:
    for child in root.children:
        if isinstance(child, Element) and child.tag != "template":
            yield child
            yield from _outside_templates(child)


def read_form(response: HttpResponse) -> FormPage:
    root = page(response)
    form = FormPage()
    summaries = root.find_all(id="error-summary")
    if summaries:
        # Each item links to its field; one that belongs to no field is text alone.
        for item in summaries[0].find_all("li"):
            links = item.find_all("a")
            target = links[0] if links else item
            form.summary.append((target.attrs.get("href", ""), _collapse(_inline_text(target))))
    for element in _outside_templates(root):
        element_id = element.attrs.get("id", "")
        if element.tag == "div" and "invalid-feedback" in element.classes and element_id.endswith("_error"):
            form.errors.setdefault(element_id.removesuffix("_error"), []).extend(
                paragraph.text for paragraph in element.find_all("p")
            )
    for name, values in _values(root, skip_templates=True).items():
        if name != "csrfmiddlewaretoken":
            form.values[name] = values
    return form


def _values(root: Element, *, skip_templates: bool = False) -> dict[str, list[str]]:
    """What a browser would send for the inputs, selects and textareas under `root`."""
    data: dict[str, list[str]] = {}
    elements = _outside_templates(root) if skip_templates else root.iter()
    for element in elements:
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
