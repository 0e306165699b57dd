"""Size and count limits enforced while the upload streams in (U6, U7): 413 before it is stored.

:class:`LimitedUploadHandler` is installed first on every request by
``documents.upload_limits.UploadLimitsMiddleware``, which answers a crossed limit with a French 413
(a page, or ``{"code", "detail"}`` for the API). A file larger than ``GUICHET_UPLOAD_MAX_BYTES``
stops the upload at the first chunk beyond the limit; a body announcing more than the whole
allowance is refused before a byte is read; more than ``GUICHET_UPLOAD_MAX_FILES`` files (default
``DATA_UPLOAD_MAX_NUMBER_FILES``, Django's own count, which raises ``TooManyFilesSent``) too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext as _

from documents.checks import max_size_message
from documents.errors import UploadRefused, UploadTooLarge

MULTIPART_OVERHEAD = 1024 * 1024  # form fields and part headers besides the files


def max_files() -> int:
    return int(getattr(settings, "GUICHET_UPLOAD_MAX_FILES", settings.DATA_UPLOAD_MAX_NUMBER_FILES))


def too_many_files_message() -> str:
    return _("Vous ne pouvez pas joindre plus de %(count)d fichiers à la fois.") % {
        "count": max_files()
    }


class LimitedUploadHandler(FileUploadHandler):
    """Counts bytes per file and files per request; passes the data on to the next handler."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.max_bytes: int = settings.GUICHET_UPLOAD_MAX_BYTES
        self.received = 0
        self.files = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.max_bytes * max_files() + MULTIPART_OVERHEAD:
            raise UploadTooLarge(max_size_message(self.max_bytes))

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files += 1
        self.received = 0
        if self.files > max_files():
            raise UploadTooLarge(too_many_files_message(), UploadRefused.TOO_MANY_FILES)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            raise UploadTooLarge(max_size_message(self.max_bytes))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
