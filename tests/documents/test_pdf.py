from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import UploadRefused, check_upload
from tests.documents import samples

ACTIVE_MESSAGE = "Le PDF contient du JavaScript ou des fichiers incorporés, il est refusé."
INVALID_MESSAGE = "Le PDF est illisible ou endommagé, il est refusé."


def refusal(data: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        check_upload(SimpleUploadedFile("minutes.pdf", data))
    return caught.value


@pytest.mark.parametrize("sample", sorted(samples.ACTIVE_PDFS))
def test_it_refuses_a_pdf_with_active_content(sample):
    error = refusal(samples.ACTIVE_PDFS[sample]())
    assert (error.code, error.message) == ("pdf_active_content", ACTIVE_MESSAGE)


def test_the_object_stream_sample_hides_its_javascript_from_a_byte_search():
    data = samples.pdf_with_object_stream(referenced=True)
    assert b"JavaScript" not in data
    assert refusal(data).code == "pdf_active_content"


def test_a_goto_opening_that_chains_javascript_is_refused():
    data = samples.pdf_with_catalog_entry(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next << /S /JavaScript /JS (x) >> >>"
    )
    assert refusal(data).code == "pdf_active_content"


def test_it_refuses_an_encrypted_pdf():
    error = refusal(samples.encrypted_pdf())
    assert (error.code, error.message) == (
        "pdf_encrypted",
        "Le PDF est protégé par un mot de passe ou chiffré, il est refusé.",
    )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: samples.valid_pdf()[:300], id="truncated"),
        pytest.param(lambda: samples.pdf_with_text()[:-60], id="truncated-before-trailer"),
        pytest.param(samples.broken_xref_pdf, id="broken-xref"),
        pytest.param(samples.flate_bomb_pdf, id="flate-bomb"),
        pytest.param(samples.nested_arrays_pdf, id="10k-nested-arrays"),
        pytest.param(lambda: b"%PDF-1.4\n<?php system($_GET['c']); ?>\n", id="fake-pdf-php"),
        pytest.param(lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8, id="header-then-junk"),
    ],
)
def test_it_refuses_a_corrupt_or_hostile_pdf(make):
    error = refusal(make())
    assert (error.code, error.message) == ("pdf_invalid", INVALID_MESSAGE)


def test_it_refuses_a_pdf_with_too_many_pages():
    error = refusal(samples.many_pages_pdf(10_000))
    assert error.code == "pdf_too_many_pages"
    assert error.message == "Le PDF dépasse le nombre maximal de 500 pages."


def test_the_page_cap_is_configurable(settings):
    settings.GUICHET_UPLOAD_MAX_PDF_PAGES = 2
    assert check_upload(SimpleUploadedFile("a.pdf", samples.valid_pdf(2))).size
    assert refusal(samples.valid_pdf(3)).code == "pdf_too_many_pages"


def test_it_refuses_a_pdf_with_more_objects_than_the_cap():
    from documents.pdf import MAX_OBJECTS

    filler = [b"<< /N %d >>" % n for n in range(MAX_OBJECTS)]
    data = samples.build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            *filler,
        ]
    )
    assert refusal(data).code == "pdf_invalid"
