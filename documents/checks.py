"""``check_upload``: the gate every attachment passes before it is stored (SECURITY §2).

Layers, in order, each with its own French message: not empty and within the size limit (U6);
an allowed extension; the signature at byte 0 (U1) says the same type as the extension; libmagic
on the first 2048 bytes agrees (U2); the structure parses — for a PDF under decompression and page
caps, not encrypted, without active content (U3–U5), then rebuilt by qpdf into one clean revision
that is checked again and is what gets stored; for a PNG a valid header chunk; then clamd
when ``GUICHET_CLAMD_ADDRESS`` is set (U8, fail closed). Nothing is
stored here: the caller stores the bytes under a server-generated name only after this passes.
"""

from __future__ import annotations

import contextlib
import hashlib
import struct
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

import magic
from django.conf import settings
from django.utils.translation import gettext as _

from common import metrics
from documents import antivirus
from documents.errors import UploadRefused
from documents.names import extension_of, sanitize_display_name
from documents.pdf import check_and_rebuild_pdf


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    mime: str
    extension: str
    size: int
    sha256: str
    # True only when clamd answered OK (U8); False when no antivirus is configured (the demo).
    antivirus_scanned: bool = False
    # What to store: a PDF rebuilt into one clean revision (pdf.rebuild_pdf), an image as sent.
    # ``size`` and ``sha256`` describe the file as sent.
    content: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class _Kind:
    mime: str
    extensions: tuple[str, ...]
    signature: bytes


PDF = _Kind("application/pdf", ("pdf",), b"%PDF-")
JPEG = _Kind("image/jpeg", ("jpg", "jpeg"), b"\xff\xd8\xff")
PNG = _Kind("image/png", ("png",), b"\x89PNG\r\n\x1a\n")
KINDS = (PDF, JPEG, PNG)
MAGIC_BYTES = 2048

EXTENSION_MESSAGE = (
    "Seuls les fichiers PDF, JPEG et PNG sont acceptés (extensions .pdf, .jpg, .jpeg, .png)."
)
TYPE_MESSAGE = "Le contenu du fichier n'est pas un PDF, une image JPEG ou une image PNG."
MISMATCH_MESSAGE = "Le contenu du fichier ne correspond pas à son extension."
IMAGE_MESSAGE = "L'image est illisible ou endommagée, elle est refusée."


def max_size_message(max_bytes: int | None = None) -> str:
    max_bytes = settings.GUICHET_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    megabytes = max_bytes / (1024 * 1024)
    shown = f"{megabytes:.0f}" if megabytes >= 1 and megabytes.is_integer() else f"{megabytes:.1f}"
    return _("Le fichier dépasse la taille maximale de %(size)s Mo.") % {
        "size": shown.replace(".", ",")
    }


# The result of the last check, kept on the file object it describes: the form checks a file
# (to show its refusal beside the field), then the filing service checks it again before
# storing it; the second check is the first one's result if the bytes are still the same.
_CHECKED_ATTRIBUTE = "_guichet_checked_upload"


def check_upload(uploaded_file: IO[bytes] | Any) -> CheckedUpload:
    """Check one uploaded file (a Django ``UploadedFile`` or any named binary file object).

    The same object checked again with the same content (its SHA-256) and the same name gets
    the same result without parsing it again (a PDF's rebuild is most of a filing's CPU).
    A refusal is counted per reason for the operators (``common.metrics``)."""
    previous = getattr(uploaded_file, _CHECKED_ATTRIBUTE, None)
    if isinstance(previous, CheckedUpload) and _unchanged(uploaded_file, previous):
        return previous
    try:
        checked = _check_upload(uploaded_file)
    except UploadRefused as refused:
        metrics.upload_refused(refused.code)
        raise
    with contextlib.suppress(AttributeError):  # no attributes of its own: checked every time
        setattr(uploaded_file, _CHECKED_ATTRIBUTE, checked)
    return checked


def _unchanged(uploaded_file: Any, previous: CheckedUpload) -> bool:
    data = _read(uploaded_file, settings.GUICHET_UPLOAD_MAX_BYTES + 1)
    return (
        len(data) == previous.size
        and hashlib.sha256(data).hexdigest() == previous.sha256
        and sanitize_display_name(getattr(uploaded_file, "name", "") or "") == previous.display_name
        and previous.antivirus_scanned == antivirus.scanning_enabled()
    )


def _check_upload(uploaded_file: IO[bytes] | Any) -> CheckedUpload:
    max_bytes = settings.GUICHET_UPLOAD_MAX_BYTES
    data = _read(uploaded_file, max_bytes + 1)
    if not data:
        raise UploadRefused(UploadRefused.EMPTY, "Le fichier est vide.")
    if len(data) > max_bytes:
        raise UploadRefused(UploadRefused.TOO_LARGE, max_size_message(max_bytes))

    display_name = sanitize_display_name(getattr(uploaded_file, "name", "") or "")
    extension = extension_of(display_name)
    expected = next((kind for kind in KINDS if extension in kind.extensions), None)
    if expected is None:
        raise UploadRefused(UploadRefused.EXTENSION, EXTENSION_MESSAGE)

    actual = next((kind for kind in KINDS if data.startswith(kind.signature)), None)
    if actual is None:
        raise UploadRefused(UploadRefused.TYPE, TYPE_MESSAGE)
    if actual is not expected:
        raise UploadRefused(UploadRefused.MISMATCH, MISMATCH_MESSAGE)
    if magic.from_buffer(data[:MAGIC_BYTES], mime=True) != expected.mime:
        raise UploadRefused(UploadRefused.MISMATCH, MISMATCH_MESSAGE)

    content = data
    if expected is PDF:
        content = check_and_rebuild_pdf(data)
    elif expected is PNG:
        _check_png(data)
    else:
        _check_jpeg(data)
    scanned = antivirus.scanning_enabled()
    if scanned:
        antivirus.scan_bytes(data)

    return CheckedUpload(
        display_name=display_name,
        mime=expected.mime,
        extension=extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        antivirus_scanned=scanned,
        content=content,
    )


def _read(uploaded_file: Any, limit: int) -> bytes:
    """Read at most ``limit`` bytes from the start, leaving the file rewound for the caller."""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return bytes(data or b"")


def _check_png(data: bytes) -> None:
    """The first chunk must be a well-formed IHDR with a correct CRC and sane dimensions."""
    header = data[8:33]
    if len(header) < 25:
        raise UploadRefused(UploadRefused.IMAGE_INVALID, IMAGE_MESSAGE)
    length, chunk_type = struct.unpack(">I4s", header[:8])
    body, crc = header[8:21], struct.unpack(">I", header[21:25])[0]
    width, height = struct.unpack(">II", body[:8])
    if (
        length != 13
        or chunk_type != b"IHDR"
        or zlib.crc32(chunk_type + body) != crc
        or not (0 < width <= 30_000 and 0 < height <= 30_000)
        or b"IEND" not in data[-64:]
    ):
        raise UploadRefused(UploadRefused.IMAGE_INVALID, IMAGE_MESSAGE)


def _check_jpeg(data: bytes) -> None:
    """A JPEG starts with SOI and holds a start-of-frame marker (baseline or progressive)."""
    if not any(marker in data for marker in (b"\xff\xc0", b"\xff\xc1", b"\xff\xc2")):
        raise UploadRefused(UploadRefused.IMAGE_INVALID, IMAGE_MESSAGE)
