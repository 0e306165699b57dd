from kb.search.excerpts import MARK_END, MARK_START, mark_matches, render_marked
from kb.search.normalise import lexemes


def test_only_our_marks_become_html():
    html = render_marked(f"<script>x</script> {MARK_START}résiliation{MARK_END} & co")

    assert html == "&lt;script&gt;x&lt;/script&gt; <mark>résiliation</mark> &amp; co"


def test_unbalanced_marks_are_dropped():
    assert render_marked(f"{MARK_START}a <b>") == "a &lt;b&gt;"


def test_it_marks_words_by_their_lexeme_and_windows_the_text():
    text = " ".join(["mot"] * 100) + " les résiliations sont traitées " + " ".join(["fin"] * 100)

    marked = mark_matches(text, set(lexemes("résilier")))

    assert f"{MARK_START}résiliations{MARK_END}" in marked
    assert marked.startswith("… ")
    assert marked.endswith(" …")
    assert len(marked.split()) < 40


def test_without_a_match_it_shows_the_beginning():
    assert mark_matches("Un texte court.", {"absent"}) == "Un texte court."
