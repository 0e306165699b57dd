"""Attachments: random stored names outside the web root, 0640, downloads scoped and audited."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from documents import UploadRefused
from documents.pdf import rebuild_pdf
from lifecycle.errors import NotVisible
from lifecycle.models import Attachment, AuditEvent, Request
from lifecycle.services import messages as message_services
from lifecycle.services import requests as services
from lifecycle.services.attachments import attachment_download
from tests.documents.files import html_upload, pdf_bytes, pdf_upload
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
    return root


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_filed_attachment_is_stored_under_a_random_name_with_mode_0640(
    alice, file_request, private_storage
):
    request = file_request(alice, files=[pdf_upload("../../etc/minutes du greffe.pdf")])

    attachment = request.attachments.get()
    path = Path(default_storage.path(attachment.file.name))
    assert path.is_relative_to(private_storage)
    assert "minutes" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert attachment.display_name == "minutes du greffe.pdf"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert attachment.mime == "application/pdf"
    assert len(attachment.sha256) == 64
    assert attachment.message == request.messages.get()
    assert not str(private_storage).startswith(str(settings.STATIC_ROOT))


def test_a_refused_upload_files_nothing_and_leaves_no_file(alice, file_request, private_storage):
    with pytest.raises(UploadRefused):
        file_request(alice, files=[pdf_upload(), html_upload()])

    assert not Request.objects.exists()
    assert stored_files(private_storage) == []


def test_a_refused_transition_removes_the_files_it_stored(
    alice, tess, file_request, private_storage
):
    request = file_request(alice, data={"fail_after": "answer"})
    request = move(request, "take", "request_info", tech=tess)

    with pytest.raises(RuntimeError, match="after the files were stored"):
        services.request_answer(
            request=request, actor=alice, message="Voici.", files=[pdf_upload()]
        )

    request.refresh_from_db()
    assert request.state == "awaiting_requester"
    assert stored_files(private_storage) == []
    assert not Attachment.objects.exists()


def test_the_requester_and_staff_download_and_every_download_is_audited(alice, tess, file_request):
    request = file_request(alice, files=[pdf_upload()])
    attachment = request.attachments.get()

    for actor in (alice, tess):
        _found, handle = attachment_download(token=attachment.token, actor=actor)
        with handle:  # the PDF as filed, rebuilt into one clean revision
            assert handle.read() == rebuild_pdf(pdf_bytes())

    events = AuditEvent.objects.filter(kind="attachment.downloaded")
    assert [(e.actor, e.attachment, e.request) for e in events] == [
        (alice, attachment, request),
        (tess, attachment, request),
    ]


def test_another_user_gets_not_found_and_the_attempt_is_audited(alice, bob, file_request):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()

    with pytest.raises(NotVisible):
        attachment_download(token=attachment.token, actor=bob)
    with pytest.raises(NotVisible):
        attachment_download(token="0" * 32, actor=bob)

    denied = AuditEvent.objects.filter(kind="attachment.denied")
    assert [(e.actor, e.attachment) for e in denied] == [(bob, attachment), (bob, None)]
    assert not AuditEvent.objects.filter(kind="attachment.downloaded").exists()


def test_the_requester_cannot_download_a_file_of_an_internal_note(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)
    note = message_services.message_post(
        request=request, author=tess, body="Vérifié au greffe.", internal=True, files=[pdf_upload()]
    )
    attachment = note.attachments.get()

    with pytest.raises(NotVisible):
        attachment_download(token=attachment.token, actor=alice)
    found, handle = attachment_download(token=attachment.token, actor=tess)
    handle.close()
    assert found == attachment


def test_a_user_over_his_quota_files_nothing_and_leaves_no_file(
    alice, bob, file_request, private_storage, settings
):
    size = len(pdf_bytes())
    settings.GUICHET_UPLOAD_QUOTA_BYTES = 2 * size
    file_request(alice, files=[pdf_upload()])

    with pytest.raises(UploadRefused) as refused:
        file_request(alice, files=[pdf_upload("a.pdf"), pdf_upload("b.pdf")])

    assert refused.value.code == UploadRefused.QUOTA
    assert "Vous avez atteint la limite" in str(refused.value.message)
    assert Request.objects.count() == 1
    assert len(stored_files(private_storage)) == 1
    file_request(alice, files=[pdf_upload("c.pdf")])  # exactly at the quota
    file_request(bob, files=[pdf_upload()])  # each user has his own


def test_purged_documents_no_longer_count_against_the_quota(alice, file_request, settings):
    settings.GUICHET_UPLOAD_QUOTA_BYTES = len(pdf_bytes())
    first = file_request(alice, files=[pdf_upload()])
    Attachment.objects.filter(request=first).update(file="")  # what the retention purge does

    file_request(alice, files=[pdf_upload()])

    assert Attachment.objects.exclude(file="").count() == 1
