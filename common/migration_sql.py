"""Raw SQL that only PostgreSQL understands (trigram and expression indexes, extended
statistics), as a migration operation that the embedded SQLite profile skips."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations


def _run(statements: Sequence[str]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def postgresql_only(forward: Sequence[str], backward: Sequence[str]) -> migrations.RunPython:
    """Runs ``forward`` on migrate and ``backward`` on unapply, on PostgreSQL only."""
    return migrations.RunPython(_run(forward), _run(backward))
