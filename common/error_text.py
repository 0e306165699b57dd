"""Errors as the staff read them: French sentences, without an exception's class name.

New errors are written that way (``outbox.services._describe``); rows written before carry a
``PermanentError: `` style prefix, which this removes when they are shown.
"""

from __future__ import annotations

import re

_CLASS_PREFIX = re.compile(r"^(?:[A-Za-z_][\w.]*(?:Error|Exception|Exceeded)): ", re.MULTILINE)


def error_text(raw: str | None) -> str:
    """``raw`` without the exception class names at the start of its lines."""
    return _CLASS_PREFIX.sub("", raw or "").strip()
