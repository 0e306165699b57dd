"""Requests made directly in the database for the desk's tests and benchmark: the SLA fields set
by hand (the SLA computation fills them in production)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from lifecycle.models import Request

_numbers = itertools.count(1)


def desk_request(requester: Any, *, filed_at: datetime, **fields: Any) -> Request:
    fields.setdefault("type_key", "test_plain")
    fields.setdefault("state", "submitted")
    return Request.objects.create(
        number=f"DEM-2026-{next(_numbers):06d}", requester=requester, filed_at=filed_at, **fields
    )
