"""A file checked by the form is not parsed again by the filing service, unless it changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import UploadRefused, check_upload, checks
from tests.documents import samples


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    rebuild = checks.check_and_rebuild_pdf

    def counted(data: bytes) -> bytes:
        calls.append(len(data))
        return rebuild(data)

    monkeypatch.setattr(checks, "check_and_rebuild_pdf", counted)
    return calls


def test_the_same_file_checked_twice_is_parsed_once_with_the_same_result(rebuilds) -> None:
    upload = SimpleUploadedFile("minutes.pdf", samples.valid_pdf(), "application/pdf")

    first = check_upload(upload)
    second = check_upload(upload)

    assert second == first
    assert len(rebuilds) == 1


def test_a_file_whose_bytes_changed_since_its_check_is_checked_again_and_refused(
    rebuilds,
) -> None:
    upload = SimpleUploadedFile("minutes.pdf", samples.valid_pdf(), "application/pdf")
    check_upload(upload)
    content = upload.file
    assert content is not None
    content.seek(0)
    content.truncate()
    content.write(b"MZ\x90\x00 not a pdf at all")
    upload.size = content.tell()

    with pytest.raises(UploadRefused):
        check_upload(upload)
    assert len(rebuilds) == 1


def test_a_file_renamed_since_its_check_is_checked_again(rebuilds) -> None:
    upload = SimpleUploadedFile("minutes.pdf", samples.valid_pdf(), "application/pdf")
    check_upload(upload)
    upload.name = "minutes.png"

    with pytest.raises(UploadRefused):
        check_upload(upload)


def test_two_files_with_the_same_bytes_are_each_checked(rebuilds) -> None:
    data = samples.valid_pdf()

    check_upload(SimpleUploadedFile("a.pdf", data, "application/pdf"))
    check_upload(SimpleUploadedFile("b.pdf", data, "application/pdf"))

    assert len(rebuilds) == 2
