from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawHit:
    """What a backend returns: (article id, rank, excerpt with marks) rows and the total count."""

    rows: list[tuple[int, float, str]] = field(default_factory=list)
    total: int = 0
