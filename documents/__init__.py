"""Upload validation: ``check_upload(file) -> CheckedUpload`` or ``UploadRefused(code, message)``.

See ``checks`` (the layers), ``pdf`` (structure and active content), ``names`` (display names)
and ``handlers`` (the streaming size and count limits, answered with 413).
"""

from documents.checks import CheckedUpload, check_upload
from documents.errors import UploadRefused, UploadTooLarge
from documents.names import sanitize_display_name

__all__ = [
    "CheckedUpload",
    "UploadRefused",
    "UploadTooLarge",
    "check_upload",
    "sanitize_display_name",
]
