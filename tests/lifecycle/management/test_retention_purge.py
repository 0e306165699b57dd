"""manage.py retention_purge: a dry run (the default) lists what would go and deletes nothing;
--apply purges."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lifecycle.models import Attachment, Request
from tests.lifecycle.services.test_retention import (  # noqa: F401 - fixture
    closed_request,
    private_storage,
    stored_files,
)

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("retention_purge", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_be_deleted_and_deletes_nothing(
    alice,
    tess,
    file_request,
    clock,
    private_storage,  # noqa: F811
):
    request = closed_request(alice, tess, file_request, clock)
    clock.advance(days=365)

    output = run()

    assert f"{request.number} (close le " in output
    assert "1 fichier(s), 2 message(s), 1 champ(s) du formulaire" in output
    assert "1 demande serait purgée." in output
    assert "Simulation" in output
    assert len(stored_files(private_storage)) == 1
    assert "purged_at" not in Request.objects.get().data


def test_apply_purges_and_a_request_still_in_its_period_is_not_listed(
    alice,
    tess,
    file_request,
    clock,
    private_storage,  # noqa: F811
):
    closed_request(alice, tess, file_request, clock)
    assert "0 demande serait purgée." in run("--dry-run")

    clock.advance(days=365)
    assert "1 demande purgée." in run("--apply")

    assert stored_files(private_storage) == []
    assert Attachment.objects.get().file.name == ""
    assert "0 demande serait purgée." in run()
