"""docs/api-schema.yaml is the schema the code serves: a change to one without the other fails.

Regenerate it with ``.venv/bin/python manage.py spectacular --file docs/api-schema.yaml``.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).parents[3] / "docs" / "api-schema.yaml"


def test_it_matches_the_committed_schema_file():
    served = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=served)

    assert served.getvalue() == COMMITTED.read_text(), (
        "The API changed: run `.venv/bin/python manage.py spectacular --file docs/api-schema.yaml`"
    )
