"""The documents of the seeded desk: small real PDFs (court minutes), and a PDF of a given size
for the filing benchmark (``pdf_of_size``), both valid for the upload gate."""

from __future__ import annotations

import hashlib

PDF_COUNT = 300


def tiny_pdf(n: int, *, padding: int = 0) -> bytes:
    """A small, valid one-page PDF (distinct content per ``n``), with a correct xref table."""
    text = f"(Minutes du greffe - jugement {n:05d}) Tj".encode()
    # ``padding`` bytes of no-op graphics operators (save / restore) grow the page to a size.
    stream = b"BT /F1 12 Tf 72 720 Td " + text + b" ET" + b"\nq Q" * (padding // 4)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_of_size(size: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes (within a few dozen)."""
    base = len(tiny_pdf(0))
    return tiny_pdf(0, padding=max(0, size - base))


def seed_pdfs() -> list[tuple[str, int, str]]:
    """The PDFs the liquidator requests attach, written once into the private storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    out = []
    for n in range(PDF_COUNT):
        content = tiny_pdf(n)
        name = f"bench/minutes-{n:04d}.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        out.append((name, len(content), hashlib.sha256(content).hexdigest()))
    return out
