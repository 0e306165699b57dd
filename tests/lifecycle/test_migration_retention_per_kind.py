"""Migration 0016: a request purged under the single period (marker ``data.purged_at``) counts
as purged of both kinds, so the new purges leave it alone."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps

from lifecycle.models import Request
from lifecycle.services.retention import DOCUMENTS, PERSONAL_DATA, requests_due_for_purge
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db
migration = importlib.import_module("lifecycle.migrations.0016_retention_per_kind")


def test_a_request_purged_before_counts_as_purged_of_both_kinds(alice, tess, file_request, clock):
    old = move(file_request(alice), "take", "resolve", tech=tess)
    kept = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=16)
    Request.objects.filter(pk__in=[old.pk, kept.pk]).update(state="closed", closed_at=clock())
    Request.objects.filter(pk=old.pk).update(data={"purged_at": "2027-04-01T09:00:00+00:00"})

    migration.mark_already_purged(apps, None)

    old.refresh_from_db()
    moment = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
    assert (old.documents_purged_at, old.personal_data_purged_at) == (moment, moment)
    clock.advance(days=10_000)
    assert requests_due_for_purge(kind=DOCUMENTS) == [kept.pk]
    assert requests_due_for_purge(kind=PERSONAL_DATA) == [kept.pk]
