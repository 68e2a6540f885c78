"""education.markdown: editors write Markdown; readers get clean HTML with no script in it."""

from django.utils.safestring import SafeString

from education.markdown import render_markdown


def test_it_renders_headings_paragraphs_lists_and_emphasis() -> None:
    html = render_markdown("## Side effects\n\nMost people do **well**.\n\n1. Tiredness\n2. *Vivid* dreams\n")

    assert html == (
        "<h2>Side effects</h2>\n<p>Most people do <strong>well</strong>.</p>\n"
        "<ol>\n<li>Tiredness</li>\n<li><em>Vivid</em> dreams</li>\n</ol>"
    )


def test_it_returns_html_the_template_will_not_escape() -> None:
    assert isinstance(render_markdown("Hello"), SafeString)


def test_it_keeps_links_to_our_pages_and_to_sources() -> None:
    html = render_markdown(
        'See [how LDN may work](/learn/how-ldn-may-work/) and [a study](https://example.org/s "S").'
    )

    assert html == (
        '<p>See <a href="/learn/how-ldn-may-work/" rel="noopener noreferrer">how LDN may work</a> and '
        '<a href="https://example.org/s" title="S" rel="noopener noreferrer">a study</a>.</p>'
    )


def test_it_removes_a_script_element_and_its_code() -> None:
    html = render_markdown("Before.\n\n<script>alert('hi')</script>\n\nAfter.")

    assert "<script" not in html
    assert "alert" not in html
    assert "<p>Before.</p>" in html
    assert "<p>After.</p>" in html


def test_it_removes_event_handler_attributes() -> None:
    html = render_markdown(
        '<img src="x" onerror="alert(1)">\n\n<a href="https://example.org" onmouseover="alert(2)">hover</a>\n\n'
        '<p onclick="alert(3)">click</p>'
    )

    assert "onerror" not in html
    assert "onmouseover" not in html
    assert "onclick" not in html
    assert "alert" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">hover</a>' in html


def test_it_drops_javascript_and_data_links_but_keeps_their_text() -> None:
    html = render_markdown("[one](javascript:alert(1)) [two](JaVaScRiPt:alert(2)) [three](data:text/html,hi)")

    assert html == (
        '<p><a rel="noopener noreferrer">one</a> <a rel="noopener noreferrer">two</a> '
        '<a rel="noopener noreferrer">three</a></p>'
    )


def test_it_removes_styles_the_policy_would_block() -> None:
    html = render_markdown('<style>p { color: red }</style>\n\n<p style="color: red">Red?</p>')

    assert html.strip() == "<p>Red?</p>"


def test_it_removes_frames_images_and_forms() -> None:
    html = render_markdown(
        '<iframe src="https://example.org"></iframe>\n\n![chart](https://example.org/c.png)\n\n'
        '<form action="https://example.org"><input name="q"></form>'
    )

    for tag in ("<iframe", "<img", "<form", "<input"):
        assert tag not in html


def test_it_leaves_the_page_title_to_the_template() -> None:
    html = render_markdown("# A second title\n\nText.")

    assert "<h1" not in html
    assert html == "A second title\n<p>Text.</p>"


def test_it_shows_code_as_text() -> None:
    assert render_markdown("Type `<b>` to bold.") == "<p>Type <code>&lt;b&gt;</code> to bold.</p>"
