"""Why an upload is refused: a stable code for programs and a French message naming the rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class UploadRefused(Exception):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_FILES = "too_many_files"
    QUOTA = "quota"
    EXTENSION = "extension"
    TYPE = "type"
    MISMATCH = "mismatch"
    IMAGE_INVALID = "image_invalid"
    PDF_INVALID = "pdf_invalid"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"
    INFECTED = "infected"
    SCAN_FAILED = "scan_failed"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def as_validation_error(self) -> ValidationError:
        """For forms and serializers: ``raise error.as_validation_error()``."""
        return ValidationError(self.message, code=self.code)


class UploadTooLarge(Exception):
    """Raised by the streaming upload handler: the request is answered with 413.

    ``code`` says which limit: ``too_large`` (one file's size, or the whole body) or
    ``too_many_files``."""

    def __init__(self, message: str, code: str = UploadRefused.TOO_LARGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
