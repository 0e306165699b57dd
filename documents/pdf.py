"""PDF structure and active-content checks (U3, U4, U5), with pypdf under tight limits, and the
rebuild of every accepted PDF with qpdf (pikepdf) into the one clean revision that is stored.

The whole object graph is walked — every object the cross-reference tables list, including those
packed in object streams, plus everything reachable from the trailer — and any forbidden name as a
dictionary key or a value refuses the file. pypdf decodes hex-escaped names (``/J#53`` is
``/JS``), so the obfuscated spellings are caught too. Page content streams are decoded under the
same caps, so a decompression bomb is refused; images are never decoded. Any exception from the
parser means "refused", never a server error.

A PDF can say different things to different readers: a cross-reference table only a repairing
reader makes sense of, objects defined twice, an update appended after ``%%EOF`` that one reader
follows and another ignores. So the checker must read exactly what is stored: ``rebuild_pdf``
has qpdf read the file without any repair (a file it could read only by repairing it is refused)
and write it back as one revision — no incremental update, objects renumbered, no object streams,
only what the trailer reaches (older revisions and orphan objects are dropped), streams copied
without decoding them. The checks then run again on the rebuilt file, which must show the same
number of pages, and that file is the one stored: the staff read the document as filed.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pikepdf
import pypdf
from django.conf import settings
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from documents.errors import UploadRefused

# Names that make a PDF do something when opened or carry other files (U4).
FORBIDDEN_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/XFA",
        "/RichMedia",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
# An /OpenAction that only shows a page (a destination, or a /GoTo action — what LaTeX and most
# exporters write) is harmless; any other opening action (/URI, /Launch, /JavaScript…) is refused.
OPEN_ACTION = "/OpenAction"
# Far above what exporters and scanners write (a 500-page export holds ~10-20k objects), low
# enough to keep the walk around a second; the deadline is a backstop on a loaded machine.
MAX_OBJECTS = 30_000
WALK_DEADLINE_SECONDS = 5.0
# Decompression and parsing caps for an upload of at most a few megabytes.
LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    "maximum_declared_stream_length": 20_000_000,
    "array_maximum_element_count": 50_000,
    "dictionary_maximum_element_count": 10_000,
    "page_tree_maximum_entries": 20_000,
    "page_tree_maximum_depth": 50,
}

INVALID = "Le PDF est illisible ou endommagé, il est refusé."
ACTIVE = "Le PDF contient du JavaScript ou des fichiers incorporés, il est refusé."
ENCRYPTED = "Le PDF est protégé par un mot de passe ou chiffré, il est refusé."
DAMAGED = (
    "Le PDF est endommagé : il ne se lit qu'après réparation, il est refusé. Enregistrez-le de "
    "nouveau au format PDF (par exemple avec « Imprimer » › « Enregistrer au format PDF »), puis "
    "déposez-le."
)


class _ActiveContent(Exception):
    pass


def check_pdf(data: bytes) -> int:
    """Refuse an unreadable, encrypted, oversized or active PDF; return its page count."""
    try:
        with pypdf.apply_configuration(None, **LIMITS):
            return _inspect(data)
    except UploadRefused:
        raise
    except _ActiveContent:
        raise UploadRefused(UploadRefused.PDF_ACTIVE_CONTENT, ACTIVE) from None
    except Exception:  # any parser failure, RecursionError and MemoryError included
        raise UploadRefused(UploadRefused.PDF_INVALID, INVALID) from None


def _inspect(data: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise UploadRefused(UploadRefused.PDF_ENCRYPTED, ENCRYPTED)
    _walk(reader)
    page_count = len(reader.pages)
    max_pages = getattr(settings, "GUICHET_UPLOAD_MAX_PDF_PAGES", 500)
    if page_count == 0:
        raise UploadRefused(UploadRefused.PDF_INVALID, INVALID)
    if page_count > max_pages:
        raise UploadRefused(
            UploadRefused.PDF_TOO_MANY_PAGES,
            f"Le PDF dépasse le nombre maximal de {max_pages} pages.",
        )
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
    return page_count


def _listed_objects(reader: pypdf.PdfReader) -> Iterator[IndirectObject]:
    for generation, objects in reader.xref.items():
        for number in objects:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def _walk(reader: pypdf.PdfReader) -> None:
    """Iterative walk (no recursion), each indirect object visited once, bounded in size."""
    listed = list(_listed_objects(reader))
    if len(listed) > MAX_OBJECTS:
        raise UploadRefused(UploadRefused.PDF_INVALID, INVALID)
    stack: list[Any] = [reader.trailer, *listed]
    seen: set[tuple[int, int]] = set()
    visited = 0
    deadline = time.monotonic() + WALK_DEADLINE_SECONDS
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS * 20 or (visited % 1000 == 0 and time.monotonic() > deadline):
            raise UploadRefused(UploadRefused.PDF_INVALID, INVALID)
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > MAX_OBJECTS:
                raise UploadRefused(UploadRefused.PDF_INVALID, INVALID)
            stack.append(node.get_object())
        elif isinstance(node, DictionaryObject):  # streams are dictionaries too
            for key, value in node.items():
                if key in FORBIDDEN_NAMES:
                    raise _ActiveContent(key)
                if key == OPEN_ACTION and not _only_shows_a_page(value):
                    raise _ActiveContent(key)
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject) and node in FORBIDDEN_NAMES:
            raise _ActiveContent(str(node))


def _only_shows_a_page(action: Any) -> bool:
    action = action.get_object() if isinstance(action, IndirectObject) else action
    if isinstance(action, ArrayObject):
        return True
    return isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo"


def rebuild_pdf(data: bytes) -> bytes:
    """``data`` as qpdf reads it without repair, written back as one clean revision."""
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise UploadRefused(UploadRefused.PDF_ENCRYPTED, ENCRYPTED)
            out = io.BytesIO()
            pdf.save(
                out,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                deterministic_id=True,
            )
            warnings = pdf.get_warnings()  # qpdf reports what it had to work around
    except UploadRefused:
        raise
    except Exception:  # pikepdf.PdfError and anything else qpdf raised: it could not read it
        raise UploadRefused(UploadRefused.PDF_INVALID, DAMAGED) from None
    if warnings:
        raise UploadRefused(UploadRefused.PDF_INVALID, DAMAGED)
    return out.getvalue()


def check_and_rebuild_pdf(data: bytes) -> bytes:
    """Check the file as sent, rebuild it, check the rebuilt file; return the bytes to store."""
    pages = check_pdf(data)
    rebuilt = rebuild_pdf(data)
    if check_pdf(rebuilt) != pages:  # the two readers disagree on what the document is
        raise UploadRefused(UploadRefused.PDF_INVALID, DAMAGED)
    return rebuilt
