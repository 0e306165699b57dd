"""Requests made directly in the database for the desk's tests and benchmark: the SLA fields set
by hand (the SLA computation fills them in production)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from lifecycle.models import Request, TransitionLog

_numbers = itertools.count(1)


def desk_request(requester: Any, *, filed_at: datetime, **fields: Any) -> Request:
    fields.setdefault("type_key", "test_plain")
    fields.setdefault("state", "submitted")
    request = Request.objects.create(
        number=f"DEM-2026-{next(_numbers):06d}", requester=requester, filed_at=filed_at, **fields
    )
    # The desk counts resolutions and reopenings from the transition log: write the events a
    # real history would hold (each reopening an hour before the resolution it led to).
    events = [
        ("reopen", "resolved", "in_progress", resolved - timedelta(hours=1 + n))
        for n in range(request.reopened_count)
        if (resolved := request.resolved_at)
    ]
    if request.resolved_at is not None:
        events.append(("resolve", "in_progress", "resolved", request.resolved_at))
    TransitionLog.objects.bulk_create(
        TransitionLog(
            request=request,
            name=name,
            from_state=low,
            to_state=high,
            actor_role="technician",
            at=at,
        )
        for name, low, high, at in events
    )
    return request
