"""Retention: closed requests lose their documents and personal data after the period."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from lifecycle.errors import NotVisible
from lifecycle.models import Attachment, Request
from lifecycle.services import requests as services
from lifecycle.services.attachments import attachment_download
from lifecycle.services.retention import request_purge, requests_purge_expired
from lifecycle.tasks import purge_expired_requests
from tests.documents.files import pdf_upload
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


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
    settings.GUICHET_RETENTION_DAYS = 365
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def closed_request(alice, tess, file_request, clock) -> Request:
    request = file_request(
        alice,
        data={"recipient_email": "liquidateur@example.com"},
        files=[pdf_upload("minutes du greffe.pdf")],
    )
    move(request, "take", "resolve", tech=tess)
    clock.advance(days=16)
    assert services.request_close_due() == 1
    request.refresh_from_db()
    return request


def test_it_purges_files_and_personal_data_once_the_period_is_over(
    alice, tess, file_request, clock, private_storage
):
    request = closed_request(alice, tess, file_request, clock)
    transitions_before = list(request.transitions.values_list("id", "name", "to_state"))
    assert len(stored_files(private_storage)) == 1

    clock.advance(days=365)
    assert requests_purge_expired() == 1

    request.refresh_from_db()
    assert stored_files(private_storage) == []
    attachment = request.attachments.get()
    assert (attachment.file.name, attachment.display_name) == ("", "")
    assert attachment.sha256  # the proof of what was received stays
    assert attachment.size
    assert set(request.data) == {"purged_at"}
    assert "liquidateur@example.com" not in str(request.data)
    assert {m.body for m in request.messages.all()} == {
        "Contenu supprimé à l'échéance de la durée de conservation."
    }
    assert list(request.transitions.values_list("id", "name", "to_state")) == transitions_before
    assert (request.state, request.number) == ("closed", request.number)


def test_nothing_is_purged_a_second_before_the_period_ends(
    alice, tess, file_request, clock, private_storage
):
    request = closed_request(alice, tess, file_request, clock)

    clock.advance(days=365, seconds=-1)
    assert requests_purge_expired() == 0

    request.refresh_from_db()
    assert len(stored_files(private_storage)) == 1
    assert "purged_at" not in request.data
    clock.advance(seconds=1)
    assert requests_purge_expired() == 1


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
    assert purge_expired_requests() == 1
    purged_at = Request.objects.get(pk=request.pk).data["purged_at"]

    clock.advance(days=1)
    assert purge_expired_requests() == 0
    assert request_purge(pk=request.pk) is False
    assert Request.objects.get(pk=request.pk).data["purged_at"] == purged_at


def test_a_purge_whose_file_is_already_gone_still_completes(
    alice, tess, file_request, clock, private_storage
):
    request = closed_request(alice, tess, file_request, clock)
    default_storage.delete(request.attachments.get().file.name)

    clock.advance(days=400)

    assert request_purge(pk=request.pk) is True
    assert request.attachments.get().file.name == ""


def test_a_purged_document_cannot_be_downloaded(alice, tess, file_request, clock):
    request = closed_request(alice, tess, file_request, clock)
    token = request.attachments.get().token
    clock.advance(days=400)
    requests_purge_expired()

    with pytest.raises(NotVisible) as refused:
        attachment_download(token=token, actor=alice)
    assert refused.value.code == "purged"


def test_the_period_is_a_setting(alice, tess, file_request, clock, settings):
    closed_request(alice, tess, file_request, clock)
    settings.GUICHET_RETENTION_DAYS = 30

    clock.advance(days=30)

    assert requests_purge_expired() == 1


def test_the_purge_runs_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["helpdesk-purge-expired-requests"]
    assert entry["task"] == "lifecycle.tasks.purge_expired_requests"
    assert entry["schedule"].total_seconds() == 24 * 3600
