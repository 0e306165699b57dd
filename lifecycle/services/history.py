"""What the append-only history keeps of a core result: ids, codes, dates and counts only.

The transition log outlives the retention purge (ADR 0004): it must stay readable once a
request's personal data is gone, so it never holds any. A core result is kept through an
allow-list of keys with plain values; names of people (``removed``, ``beneficiary``), e-mail
addresses and anything unknown are left out. The full result is still in the outbox row, whose
payload and result the outbox's own purge clears.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HISTORY_KEYS = frozenset(
    {
        "link_id",
        "issued_at",
        "expires_at",
        "status",
        "siret",
        "siren",
        "scope",
        "identifier",
        "cancelled_at",
        "establishments_cancelled",
        "transferred_rights",
    }
)


def history_core_result(result: Mapping[str, Any] | None) -> dict[str, Any]:
    """The part of ``result`` the transition log may keep forever."""
    return {
        key: value
        for key, value in (result or {}).items()
        if key in HISTORY_KEYS and (value is None or isinstance(value, str | int | float | bool))
    }
