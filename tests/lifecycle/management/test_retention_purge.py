"""manage.py retention_purge: a dry run (the default) shows per kind of data what would go and
deletes nothing; --apply purges."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from lifecycle.models import Attachment, Message, Request
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


def test_a_dry_run_counts_per_kind_with_the_oldest_closing_and_deletes_nothing(
    alice,
    tess,
    file_request,
    clock,
    private_storage,  # noqa: F811
):
    closed_request(alice, tess, file_request, clock)
    clock.advance(days=10)
    closed_request(alice, tess, file_request, clock)
    clock.advance(days=400)
    bodies = sorted(Message.objects.values_list("body", flat=True))

    output = run()

    assert (
        "Documents (minutes du greffe et autres pièces jointes) : 2 demandes closes jusqu'au "
        "18/05/2026, la plus ancienne close le 18/03/2026 ; 2 fichier(s) à supprimer."
    ) in output
    assert (
        "Données personnelles (messages et champs de la demande) : 2 demandes closes jusqu'au "
        "18/05/2026, la plus ancienne close le 18/03/2026 ; 4 message(s) à effacer."
    ) in output
    assert "Simulation" in output
    assert len(stored_files(private_storage)) == 2
    assert sorted(Message.objects.values_list("body", flat=True)) == bodies
    assert not Request.objects.filter(documents_purged_at__isnull=False).exists()
    assert not Request.objects.filter(personal_data_purged_at__isnull=False).exists()


def test_apply_purges_and_a_request_still_in_its_period_is_not_counted(
    alice,
    tess,
    file_request,
    clock,
    private_storage,  # noqa: F811
):
    closed_request(alice, tess, file_request, clock)
    assert "pièces jointes) : 0 demande close jusqu'au" in run("--dry-run")

    clock.advance(days=365)
    output = run("--apply")

    assert "Documents (minutes du greffe et autres pièces jointes) : 1 demande purgée." in output
    assert "Données personnelles (messages et champs de la demande) : 1 demande purgée." in output
    assert stored_files(private_storage) == []
    assert Attachment.objects.get().file.name == ""
    assert "pièces jointes) : 0 demande close jusqu'au" in run()
