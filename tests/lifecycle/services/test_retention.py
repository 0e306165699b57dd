"""Retention: closed requests lose each kind of data once its own period after closing is over."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction

from lifecycle.errors import NotVisible
from lifecycle.models import Attachment, Request, TransitionLog
from lifecycle.services import requests as services
from lifecycle.services.attachments import attachment_download
from lifecycle.services.retention import (
    months_before,
    request_purge,
    request_purge_documents,
    request_purge_personal_data,
    requests_purge_expired,
)
from lifecycle.tasks import purge_expired_requests
from tests.documents.files import pdf_upload
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db
PURGED_TEXT = "Contenu supprimé à l'échéance de la durée de conservation."


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    root = tmp_path / "private"
    settings.PRIVATE_STORAGE_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(root)},
        },
    }
    settings.GUICHET_RETENTION_DOCUMENTS_MONTHS = 12
    settings.GUICHET_RETENTION_PERSONAL_DATA_MONTHS = 12
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def closed_request(alice, tess, file_request, clock) -> Request:
    """Closed on 18/03/2026 09:00 UTC, with one PDF and the liquidator's address in its data."""
    request = file_request(
        alice,
        data={"recipient_email": "liquidateur@example.com", "scope": "company"},
        files=[pdf_upload("minutes du greffe Dupont.pdf")],
    )
    move(request, "take", "resolve", tech=tess)
    clock.advance(days=16)
    assert services.request_close_due() == 1
    request.refresh_from_db()
    return request


def test_documents_go_after_their_period_and_the_personal_data_stays_until_its_own(
    alice, tess, file_request, clock, private_storage, settings
):
    settings.GUICHET_RETENTION_DOCUMENTS_MONTHS = 6
    settings.GUICHET_RETENTION_PERSONAL_DATA_MONTHS = 24
    request = closed_request(alice, tess, file_request, clock)
    clock.advance(days=30)
    younger = closed_request(alice, tess, file_request, clock)
    assert len(stored_files(private_storage)) == 2

    clock.advance(days=184 - 46)  # 18/09/2026: six months after the first closing
    assert requests_purge_expired() == {"documents": 1, "personal_data": 0}

    request.refresh_from_db()
    assert request.documents_purged_at == clock()
    assert request.personal_data_purged_at is None
    attachment = request.attachments.get()
    assert (attachment.file.name, attachment.display_name) == ("", "")
    assert attachment.sha256  # the proof of what was received stays
    assert attachment.size
    assert len(stored_files(private_storage)) == 1  # the younger request's object only
    assert younger.attachments.get().file.name
    assert request.data["recipient_email"] == "liquidateur@example.com"


def test_personal_data_goes_after_its_period_keeping_the_types_ids_and_codes(
    alice, tess, file_request, clock, settings, monkeypatch
):
    settings.GUICHET_RETENTION_DOCUMENTS_MONTHS = 36
    settings.GUICHET_RETENTION_PERSONAL_DATA_MONTHS = 12
    request = closed_request(alice, tess, file_request, clock)
    monkeypatch.setattr(request.request_type, "retained_data_keys", frozenset({"scope"}))
    Request.objects.filter(pk=request.pk).update(last_error="Dupont introuvable")
    clock.advance(days=30)
    younger = closed_request(alice, tess, file_request, clock)

    clock.advance(days=365 - 30)
    assert requests_purge_expired() == {"documents": 0, "personal_data": 1}

    request.refresh_from_db()
    assert request.data == {"scope": "company"}
    assert request.last_error == ""
    assert {m.body for m in request.messages.all()} == {PURGED_TEXT}
    attachment = request.attachments.get()
    assert attachment.display_name == f"piece-jointe-{attachment.pk}.pdf"
    assert attachment.file.name  # the document itself has its own, longer period
    assert (request.siret, request.state) == ("73282932000074", "closed")
    younger.refresh_from_db()
    assert younger.personal_data_purged_at is None
    assert "liquidateur@example.com" in str(younger.data)


def test_a_request_whose_type_is_no_longer_declared_is_purged_of_all_its_fields(
    alice, tess, file_request, clock
):
    request = closed_request(alice, tess, file_request, clock)
    Request.objects.filter(pk=request.pk).update(type_key="withdrawn_type")
    clock.advance(days=400)

    assert requests_purge_expired() == {"documents": 1, "personal_data": 1}
    assert Request.objects.get(pk=request.pk).data == {}


def test_nothing_is_purged_a_second_before_the_period_ends(
    alice, tess, file_request, clock, private_storage
):
    request = closed_request(alice, tess, file_request, clock)

    clock.advance(days=365, seconds=-1)  # 12 months after 18/03/2026 is 18/03/2027
    assert requests_purge_expired() == {"documents": 0, "personal_data": 0}

    request.refresh_from_db()
    assert len(stored_files(private_storage)) == 1
    assert request.personal_data_purged_at is None
    clock.advance(seconds=1)
    assert requests_purge_expired() == {"documents": 1, "personal_data": 1}


def test_a_request_that_is_not_closed_is_never_purged(alice, tess, file_request, clock):
    resolved = move(file_request(alice, files=[pdf_upload()]), "take", "resolve", tech=tess)
    open_one = file_request(alice, files=[pdf_upload()])

    clock.advance(days=10_000)
    assert request_purge(pk=open_one.pk) is False
    # the close scan would close the resolved one first; the purge itself does not
    assert request_purge(pk=resolved.pk) is False
    assert Attachment.objects.exclude(file="").count() == 2


def test_purging_twice_changes_nothing_the_second_time(alice, tess, file_request, clock):
    request = closed_request(alice, tess, file_request, clock)
    clock.advance(days=400)
    assert purge_expired_requests() == {"documents": 1, "personal_data": 1}
    purged = Request.objects.values_list("documents_purged_at", "personal_data_purged_at").get()

    clock.advance(days=1)
    assert purge_expired_requests() == {"documents": 0, "personal_data": 0}
    assert request_purge_documents(pk=request.pk) is None
    assert request_purge_personal_data(pk=request.pk) is False
    assert (
        Request.objects.values_list("documents_purged_at", "personal_data_purged_at").get()
        == purged
    )


def test_a_purge_whose_file_is_already_gone_still_completes(alice, tess, file_request, clock):
    request = closed_request(alice, tess, file_request, clock)
    default_storage.delete(request.attachments.get().file.name)

    clock.advance(days=400)

    assert request_purge_documents(pk=request.pk) == 1
    assert request.attachments.get().file.name == ""


def test_a_purged_document_cannot_be_downloaded(alice, tess, file_request, clock):
    request = closed_request(alice, tess, file_request, clock)
    token = request.attachments.get().token
    clock.advance(days=400)
    requests_purge_expired()

    with pytest.raises(NotVisible) as refused:
        attachment_download(token=token, actor=alice)
    assert refused.value.code == "purged"


def test_the_history_is_kept_whole_and_holds_none_of_the_purged_values(
    alice, tess, file_request, clock
):
    request = closed_request(alice, tess, file_request, clock)
    history = list(request.transitions.values_list("id", "name", "to_state", "details"))
    clock.advance(days=400)

    requests_purge_expired()

    assert list(request.transitions.values_list("id", "name", "to_state", "details")) == history
    written = str(list(TransitionLog.objects.values_list("details", "comment")))
    assert "liquidateur@example.com" not in written
    assert "Dupont" not in written


def test_the_purge_goes_in_bounded_batches_each_logged_with_its_counts(
    alice, tess, file_request, clock, private_storage, caplog
):
    for _ in range(5):
        closed_request(alice, tess, file_request, clock)
    clock.advance(days=400)

    with caplog.at_level(logging.INFO, logger="lifecycle.services.retention"):
        assert requests_purge_expired(batch_size=2, max_batches=2) == {
            "documents": 4,
            "personal_data": 4,
        }

    batches = [r for r in caplog.records if r.getMessage() == "retention purge batch"]
    assert [(r.kind, r.due, r.purged, r.files) for r in batches] == [
        ("documents", 2, 2, 2),
        ("documents", 2, 2, 2),
        ("personal_data", 2, 2, 0),
        ("personal_data", 2, 2, 0),
    ]
    assert len(stored_files(private_storage)) == 1
    assert requests_purge_expired(batch_size=2, max_batches=2) == {
        "documents": 1,
        "personal_data": 1,
    }


def test_the_periods_are_settings(alice, tess, file_request, clock, settings):
    closed_request(alice, tess, file_request, clock)
    settings.GUICHET_RETENTION_DOCUMENTS_MONTHS = 1
    settings.GUICHET_RETENTION_PERSONAL_DATA_MONTHS = 2

    clock.advance(days=31)  # 18/04/2026
    assert requests_purge_expired() == {"documents": 1, "personal_data": 0}
    clock.advance(days=30)  # 18/05/2026
    assert requests_purge_expired() == {"documents": 0, "personal_data": 1}


def test_a_month_earlier_than_the_31st_is_the_last_day_of_a_shorter_month():
    moment = datetime(2027, 3, 31, 9, 0, tzinfo=UTC)

    assert months_before(moment, 1) == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)
    assert months_before(moment, 14) == datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def test_the_purge_runs_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["helpdesk-purge-expired-requests"]
    assert entry["task"] == "lifecycle.tasks.purge_expired_requests"
    assert entry["schedule"].total_seconds() == 24 * 3600


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")
def test_a_request_another_scheduler_is_purging_is_skipped_then_purged_once(
    alice, tess, file_request, clock, private_storage
):
    request = closed_request(alice, tess, file_request, clock)
    clock.advance(days=400)
    locked, release = threading.Event(), threading.Event()

    def other_scheduler() -> None:
        try:
            with transaction.atomic():
                Request.objects.select_for_update().get(pk=request.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    assert locked.wait(10)
    try:
        assert request_purge_documents(pk=request.pk) is None
        assert request_purge_personal_data(pk=request.pk) is False
    finally:
        release.set()
        thread.join(10)

    assert requests_purge_expired() == {"documents": 1, "personal_data": 1}
    assert stored_files(private_storage) == []
