"""Moving the sandbox core's clock in the demo, so the 8-hour expiry of a link can be tried."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from sandbox_core.models import SandboxClock

logger = logging.getLogger("guichet.sandbox")

ADVANCE_STEP = timedelta(hours=8)


class ClockLocked(Exception):
    """The clock is only ever moved in a demo: the sandbox enabled, outside production."""


def clock_can_move() -> bool:
    return settings.SANDBOX_CORE_ENABLED and not settings.PRODUCTION


def _checked() -> None:
    if not clock_can_move():
        raise ClockLocked("L'horloge du cœur ne se règle qu'en démonstration.")


def clock_advance(*, by: timedelta = ADVANCE_STEP, actor: str) -> timedelta:
    """Move the core's clock forward; returns the new offset from the real time."""
    _checked()
    if by <= timedelta(0):
        raise ValueError("the core's clock only moves forward")
    with transaction.atomic():
        SandboxClock.objects.get_or_create(pk=1)
        SandboxClock.objects.filter(pk=1).update(
            offset_seconds=F("offset_seconds") + int(by.total_seconds()),
            changed_at=datetime.now(UTC),
        )
        seconds = SandboxClock.objects.get(pk=1).offset_seconds
    logger.info("sandbox clock moved", extra={"offset_seconds": seconds, "actor": actor})
    return timedelta(seconds=seconds)


def clock_reset(*, actor: str) -> None:
    """Put the core's clock back on the real time."""
    _checked()
    SandboxClock.objects.filter(pk=1).update(offset_seconds=0, changed_at=datetime.now(UTC))
    logger.info("sandbox clock reset", extra={"actor": actor})
