# STUB for the `lifecycle` branch only: the `outbox` branch owns helpdesk/uploads; take its
# version (the real content checks: signatures, PDF structure, active content, antivirus).
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

import magic
from django.conf import settings

ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


class UploadRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    mime: str
    extension: str
    size: int
    sha256: str


def _display_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return name.strip(" .")[:300] or "document"


def check_upload(uploaded_file: Any) -> CheckedUpload:
    uploaded_file.seek(0)
    content = uploaded_file.read()
    uploaded_file.seek(0)
    if len(content) > settings.GUICHET_UPLOAD_MAX_BYTES:
        raise UploadRefused("too_large", "Le fichier dépasse la taille autorisée.")
    mime = magic.from_buffer(content[:2048], mime=True)
    if mime not in ALLOWED:
        raise UploadRefused(
            "type_not_allowed", "Seuls les fichiers PDF, JPEG et PNG sont acceptés."
        )
    return CheckedUpload(
        display_name=_display_name(uploaded_file.name or ""),
        mime=mime,
        extension=ALLOWED[mime],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
