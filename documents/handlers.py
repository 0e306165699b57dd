"""Size and count limits enforced while the upload streams in (U6, U7): 413 before it is stored.

Django parses a multipart body the first time ``request.POST`` or ``request.FILES`` is read — by
the CSRF middleware, before the view — so the limit is installed by a decorator that exempts the
view from the middleware's check and runs the same check itself once the handler is in place::

    @limited_uploads
    def request_new(request): ...

A file larger than ``GUICHET_UPLOAD_MAX_BYTES`` stops the upload at the first chunk beyond the
limit; a body announcing more than the whole allowance is refused before a byte is read; more
than ``GUICHET_UPLOAD_MAX_FILES`` files (default ``DATA_UPLOAD_MAX_NUMBER_FILES``) is refused too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from documents.checks import max_size_message
from documents.errors import UploadTooLarge

MULTIPART_OVERHEAD = 1024 * 1024  # form fields and part headers besides the files


def max_files() -> int:
    return int(getattr(settings, "GUICHET_UPLOAD_MAX_FILES", settings.DATA_UPLOAD_MAX_NUMBER_FILES))


def too_many_files_message() -> str:
    return f"Vous ne pouvez pas joindre plus de {max_files()} fichiers à la fois."


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
            raise UploadTooLarge(too_many_files_message())

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            raise UploadTooLarge(max_size_message(self.max_bytes))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limited_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Install :class:`LimitedUploadHandler` first and answer 413 when a limit is crossed."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [LimitedUploadHandler(request), *request.upload_handlers]
        try:
            return protected(request, *args, **kwargs)
        except UploadTooLarge as error:
            return _too_large(error.message)
        except TooManyFilesSent:  # Django's own DATA_UPLOAD_MAX_NUMBER_FILES, same answer
            return _too_large(too_many_files_message())

    return wrapper


def _too_large(message: str) -> HttpResponse:
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
