"""A display name that is safe to show and to put in a Content-Disposition header (U9).

The file is stored under a server-generated name; this is only the name people read.
"""

from __future__ import annotations

import re
import unicodedata

MAX_DISPLAY_NAME_LENGTH = 300
_RESERVED = re.compile(r'[<>:"/\\|?*;]')
_SPACES = re.compile(r"\s+")


def sanitize_display_name(raw: str) -> str:
    """Drop any path, control and format characters (NUL, CR/LF, RTL override, zero-width)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = "".join(
        " " if unicodedata.category(char) in {"Cc", "Zl", "Zp"} else char
        for char in name
        if unicodedata.category(char) not in {"Cf", "Cs", "Co", "Cn"}
    )
    name = re.split(r"[/\\]", name)[-1]
    name = _RESERVED.sub("_", name)
    name = _SPACES.sub(" ", name).lstrip(". ").rstrip()
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            keep = MAX_DISPLAY_NAME_LENGTH - len(extension) - 1
            name = f"{stem[:keep].rstrip()}.{extension}"
        else:
            name = name[:MAX_DISPLAY_NAME_LENGTH]
    return name


def extension_of(name: str) -> str:
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""
