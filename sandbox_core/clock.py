"""The sandbox's one source of time (UTC). Tests move it; nothing else reads the wall clock.

In the demo a staff member may move the core's clock forward (``sandbox_core.services.clock``) to
try the 8-hour expiry of a link: the offset is a database row, so the web server and the worker
see the same time. The production profile never reads it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings


def now() -> datetime:
    return datetime.now(UTC) + offset()


def offset() -> timedelta:
    if settings.PRODUCTION:
        return timedelta(0)
    from sandbox_core.models import SandboxClock

    seconds = SandboxClock.objects.filter(pk=1).values_list("offset_seconds", flat=True).first()
    return timedelta(seconds=seconds or 0)
