"""Markdown to HTML for editor-written pages, sanitized so no script or handler survives."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "br", "hr", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
    # Safe to mark: nh3 has removed every tag and attribute outside the allow-lists above.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703
