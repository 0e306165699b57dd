from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import CheckedUpload, UploadRefused, check_upload
from tests.documents import samples


def upload(data: bytes, name: str = "minutes.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data: bytes, name: str = "minutes.pdf") -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        check_upload(upload(data, name))
    return caught.value


# --- What passes ------------------------------------------------------------------------------


def test_it_accepts_a_pdf_and_describes_it():
    data = samples.valid_pdf(pages=2)

    checked = check_upload(upload(data, "Minutes du greffe.pdf"))

    assert isinstance(checked, CheckedUpload)
    assert checked.display_name == "Minutes du greffe.pdf"
    assert checked.mime == "application/pdf"
    assert checked.extension == "pdf"
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("scan.png", samples.png(4, 3), "image/png"),
        ("scan.PNG", samples.png(), "image/png"),
        ("scan.jpg", samples.jpeg(), "image/jpeg"),
        ("scan.jpeg", samples.jpeg(), "image/jpeg"),
        ("export.pdf", samples.pdf_with_text(), "application/pdf"),
        ("page.pdf", samples.pdf_with_catalog_entry(samples.BENIGN_OPEN_ACTIONS["goto"]), None),
        (
            "view.pdf",
            samples.pdf_with_catalog_entry(samples.BENIGN_OPEN_ACTIONS["destination"]),
            None,
        ),
        ("objstm.pdf", samples.pdf_without_active_object_stream(), None),
    ],
)
def test_benign_files_pass(name, data, mime):
    checked = check_upload(upload(data, name))
    assert checked.mime == (mime or "application/pdf")


@pytest.mark.parametrize(
    "path",
    [
        "/usr/share/doc/libtasn1-doc/libtasn1.pdf",
        "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf",
    ],
)
def test_real_world_pdfs_found_on_the_machine_pass(path, settings):
    """Benign controls from real exporters, when the machine has them (never committed)."""
    source = Path(path)
    if not source.exists():
        pytest.skip(f"{path} is not installed here")
    settings.GUICHET_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
    assert check_upload(upload(source.read_bytes(), source.name)).mime == "application/pdf"


def test_it_leaves_the_file_rewound_for_storage():
    data = samples.valid_pdf()
    uploaded = upload(data)
    uploaded.read(10)

    check_upload(uploaded)

    assert uploaded.read() == data


# --- Size -------------------------------------------------------------------------------------


def test_it_refuses_an_empty_file():
    error = refusal(b"")
    assert (error.code, error.message) == ("empty", "Le fichier est vide.")


def test_the_default_size_limit_is_10_mo(settings):
    assert settings.GUICHET_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_it_refuses_a_file_one_byte_over_the_limit(settings):
    data = samples.valid_pdf()
    settings.GUICHET_UPLOAD_MAX_BYTES = len(data) - 1

    error = refusal(data)

    assert error.code == "too_large"
    assert error.message.startswith("Le fichier dépasse la taille maximale de")


def test_a_file_exactly_at_the_limit_passes(settings):
    data = samples.valid_pdf()
    settings.GUICHET_UPLOAD_MAX_BYTES = len(data)
    assert check_upload(upload(data)).size == len(data)


def test_the_size_message_names_the_limit_in_mo(settings):
    settings.GUICHET_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    oversize = io.BytesIO(b"%PDF-" + b"0" * (10 * 1024 * 1024))
    oversize.name = "big.pdf"
    with pytest.raises(UploadRefused, match=r"^Le fichier dépasse la taille maximale de 10 Mo\.$"):
        check_upload(oversize)


# --- Type and extension -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["report.exe", "report.html", "report.svg", "report", "report.pdf.exe"]
)
def test_it_refuses_a_disallowed_extension(name):
    error = refusal(samples.valid_pdf(), name)
    assert error.code == "extension"
    assert "PDF, JPEG et PNG" in error.message


@pytest.mark.parametrize("sample", sorted(samples.RENAMED_TO_PDF))
def test_it_refuses_other_content_renamed_pdf(sample):
    error = refusal(samples.RENAMED_TO_PDF[sample])
    assert error.code == "type"
    assert (
        error.message == "Le contenu du fichier n'est pas un PDF, une image JPEG ou une image PNG."
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.png(), "scan.pdf"),
        (samples.jpeg(), "scan.png"),
        (samples.valid_pdf(), "scan.jpg"),
    ],
)
def test_it_refuses_content_that_disagrees_with_its_extension(data, name):
    error = refusal(data, name)
    assert (error.code, error.message) == (
        "mismatch",
        "Le contenu du fichier ne correspond pas à son extension.",
    )


def test_a_lying_content_type_changes_nothing():
    executable = samples.RENAMED_TO_PDF["exe"]
    with pytest.raises(UploadRefused):
        check_upload(SimpleUploadedFile("a.pdf", executable, content_type="application/pdf"))


@pytest.mark.parametrize(
    "data",
    [
        samples.png()[:29] + b"\x00\x00\x00\x00" + samples.png()[33:],  # wrong IHDR CRC
        samples.png()[:30],  # truncated
    ],
)
def test_it_refuses_a_broken_png(data):
    assert refusal(data, "scan.png").code == "image_invalid"


def test_it_refuses_a_jpeg_without_a_frame():
    assert refusal(b"\xff\xd8\xff\xe0" + b"\x00" * 100, "scan.jpg").code in {
        "image_invalid",
        "mismatch",
    }
