"""Upload samples generated at test time (no binaries committed)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "minutes du greffe.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def html_upload(name: str = "piege.pdf") -> SimpleUploadedFile:
    body = b"<html><body><script>alert(1)</script></body></html>"
    return SimpleUploadedFile(name, body, content_type="application/pdf")
