from common.error_text import error_text


def test_it_removes_exception_class_names_at_the_start_of_lines():
    raw = "PermanentError: Trois liens.\nLe retour a échoué : KeyError: 'x'"
    assert error_text(raw) == "Trois liens.\nLe retour a échoué : KeyError: 'x'"
    assert error_text("outbox.errors.TransientError: cœur absent") == "cœur absent"


def test_it_keeps_french_sentences_and_empty_values():
    assert error_text("Le cœur ne répond pas : réessayez.") == "Le cœur ne répond pas : réessayez."
    assert error_text(None) == ""
