from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Row(NamedTuple):
    """One hit as a backend returns it: the excerpt is plain text with marks (not yet escaped)."""

    article_id: int
    rank: float
    marked_excerpt: str
    title: str
    slug: str
    summary: str
    category_name: str


@dataclass(frozen=True)
class RawHit:
    """What a backend returns: one page of rows, best first, and the total number of matches."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0
