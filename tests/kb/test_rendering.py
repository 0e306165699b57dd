import pytest

from kb.rendering import html_to_text, render_markdown


def test_markdown_is_rendered():
    html = render_markdown("## Titre\n\n- **un**\n- deux\n\n[lien](https://exemple.fr)")

    assert "<h2>Titre</h2>" in html
    assert "<strong>un</strong>" in html
    assert 'href="https://exemple.fr"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[clic](javascript:alert(1))", "javascript:"),
        ('<a href="#" onclick="alert(1)">a</a>', "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<p style="background:url(x)">p</p>', "style="),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
    ],
)
def test_active_content_in_markdown_is_neutralised(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_plain_text_keeps_one_line_per_block_and_unescapes():
    text = html_to_text(render_markdown("Un & deux\n\n- trois\n- quatre"))

    assert text == "Un & deux\ntrois\nquatre"
