"""Every accepted PDF is rebuilt by qpdf into one clean revision, checked again, and stored.

Before: pypdf repaired a broken cross-reference table silently and the file was accepted; an
object defined twice, or an update appended after ``%%EOF``, was stored as sent, with the
JavaScript a scanning viewer would find.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import UploadRefused, check_upload
from documents.pdf import rebuild_pdf
from tests.documents import samples

DAMAGED = "Le PDF est endommagé : il ne se lit qu'après réparation, il est refusé."
LANG_CATALOG = b"<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>"


def stored(data: bytes) -> bytes:
    return check_upload(SimpleUploadedFile("minutes.pdf", data)).content


def assert_one_clean_revision(data: bytes) -> None:
    assert data.count(b"%%EOF") == 1
    assert b"/Prev" not in data
    assert b"/ObjStm" not in data
    numbers = [int(n) for n in re.findall(rb"(?m)^(\d+) 0 obj", data)]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), "renumbered, each defined once"


def test_a_pdf_that_opens_only_after_repair_is_refused():
    data = samples.repairable_xref_pdf()
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1  # a lenient reader opens it

    with pytest.raises(UploadRefused) as caught:
        stored(data)

    assert caught.value.code == "pdf_invalid"
    assert caught.value.message.startswith(DAMAGED)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(
            lambda: samples.incremental_update_pdf(samples.JS_CATALOG, with_xref=False),
            id="object-appended-after-eof",
        ),
        pytest.param(samples.duplicate_catalog_pdf, id="duplicate-catalog"),
    ],
)
def test_javascript_in_a_definition_the_checker_does_not_read_is_not_stored(make):
    data = make()
    assert b"/JavaScript" in data

    content = stored(data)

    assert b"/JavaScript" not in content
    assert b"app.alert" not in content
    assert_one_clean_revision(content)


def test_javascript_in_the_latest_revision_is_refused():
    with pytest.raises(UploadRefused) as caught:
        stored(samples.incremental_update_pdf(samples.JS_CATALOG))

    assert caught.value.code == "pdf_active_content"


def test_a_harmless_incremental_update_is_stored_as_one_revision_of_the_latest_state():
    data = samples.incremental_update_pdf(LANG_CATALOG)
    assert data.count(b"%%EOF") == 2

    content = stored(data)

    assert_one_clean_revision(content)
    assert pypdf.PdfReader(io.BytesIO(content)).root_object["/Lang"] == "fr-FR"


def test_the_staff_read_the_same_pages_as_filed():
    data = samples.pdf_with_text()

    content = stored(data)

    before, after = pypdf.PdfReader(io.BytesIO(data)), pypdf.PdfReader(io.BytesIO(content))
    assert len(after.pages) == len(before.pages)
    assert after.pages[0].extract_text() == before.pages[0].extract_text() == "Minutes du greffe"
    assert after.pages[0].mediabox == before.pages[0].mediabox


def test_an_object_stream_is_unpacked_in_the_rebuilt_file():
    content = stored(samples.pdf_without_active_object_stream())

    assert_one_clean_revision(content)


def test_the_rebuild_is_deterministic():
    data = samples.valid_pdf(2)

    assert rebuild_pdf(data) == rebuild_pdf(data)
