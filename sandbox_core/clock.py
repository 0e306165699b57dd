"""The sandbox's one source of time (UTC). Tests move it; nothing else reads the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
