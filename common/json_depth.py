"""How deep a JSON body may nest: far beyond any request the desk or the core takes, far below
Python's recursion limit (``json`` recurses once per level and raises ``RecursionError`` around
1,000 levels, which used to end as a 500).

``loads`` is for views that read a body themselves; the API's parser (common.parsers) applies
the same limit to every DRF endpoint.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

MAX_JSON_DEPTH = 32


class JSONTooDeep(ValueError):
    """The body nests objects or arrays deeper than ``MAX_JSON_DEPTH`` levels."""


def too_deep_message() -> str:
    return _("Le corps JSON est imbriqué trop profondément (%(max)d niveaux au plus).") % {
        "max": MAX_JSON_DEPTH
    }


def exceeds_depth(value: Any, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """True when parsed JSON nests deeper than ``max_depth``; iterative, no recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def loads(data: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` that raises ``JSONTooDeep`` (a ``ValueError``) instead of recursing."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise JSONTooDeep(too_deep_message()) from None
    if exceeds_depth(value, max_depth):
        raise JSONTooDeep(too_deep_message())
    return value
