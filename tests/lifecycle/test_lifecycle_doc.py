"""docs/lifecycle.md carries the generated diagram and table: they must match the code."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from lifecycle.management.commands.lifecycle_doc import render


def test_the_lifecycle_doc_is_up_to_date():
    text = (Path(settings.BASE_DIR) / "docs" / "lifecycle.md").read_text(encoding="utf-8")

    assert render() in text, "run: manage.py lifecycle_doc --write"


def test_the_generated_diagram_shows_every_edge():
    generated = render()

    assert "resolved --> updated: reopen" in generated
    assert "executing --> in_progress: core_failed" in generated
    assert "`within_reopen_window`, `no_other_open_request`, `type_allows_reopen`" in generated
