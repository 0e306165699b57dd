"""Who has a request open right now: a heartbeat per (request, person) in the cache.

Each open staff page beats every few seconds (``helpdesk.views.presence``); a beat lives
``PRESENCE_TTL`` seconds. One key per person, so two people beating at once never overwrite
each other; reading is one ``get_many`` over the staff's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache

from lifecycle import machine
from lifecycle.machine import TRANSITIONS
from lifecycle.models import Request, TransitionLog
from users import roles
from users.models import User

PRESENCE_TTL = 30  # seconds; the page beats every 10


def _key(request_pk: int, user_pk: int) -> str:
    return f"guichet:presence:{request_pk}:{user_pk}"


def presence_beat(*, request: Request, user: Any) -> None:
    cache.set(_key(request.pk, user.pk), machine.now().isoformat(), PRESENCE_TTL)


def presence_others(*, request: Request, user: Any) -> list[str]:
    """The names of the other staff members who have this request open now."""
    staff = (
        User.objects.filter(groups__name__in=[roles.TECHNICIAN, roles.SUPERVISOR])
        .exclude(pk=user.pk)
        .distinct()
        .only("pk", "first_name", "last_name", "email")
    )
    people = {member.pk: member for member in staff}
    seen = cache.get_many([_key(request.pk, pk) for pk in people])
    return sorted(
        str(people[pk].get_full_name() or people[pk].email)
        for pk in people
        if _key(request.pk, pk) in seen
    )


@dataclass(frozen=True)
class Change:
    """What moved the request since the version a page shows."""

    action: str
    actor: str
    at: datetime


def request_change_since(*, request: Request, version: int) -> Change | None:
    """The last transition, if the request is no longer at ``version``."""
    current = Request.objects.filter(pk=request.pk).values_list("version", flat=True).first()
    if current is None or current == version:
        return None
    log = TransitionLog.objects.filter(request_id=request.pk).select_related("actor").last()
    if log is None:
        return None
    spec = TRANSITIONS.get(log.name)
    return Change(
        action=str(spec.label) if spec else log.name,
        actor=str(log.actor.get_full_name() if log.actor else "Guichet"),
        at=log.at,
    )
