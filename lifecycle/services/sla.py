"""The request's SLA, stored on the row: recomputed in every transition's own transaction.

``request_sla_refresh`` replays the request's append-only history (the ``file`` row and every
transition of ``TransitionLog``) and its staff public messages through the pure clock
(``sla.clock.sla_compute``) with the type's policy and its calendar, and stores the deadlines and
the status on the request, so that queues sort on them and the scan reads them with one indexed
query. It costs a constant number of queries (history, messages, policy, calendar fingerprint,
one UPDATE), whatever the request's age.

A type without a policy has no deadline: its SLA fields stay empty and its status « Dans les
délais » (``on_time``); the scan never picks it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from lifecycle.machine import OPEN_STATES
from lifecycle.models import Message, Request, TransitionLog
from sla.calendar import Calendar
from sla.clock import ClockEvent, ClockResult, EventKind, Policy, SlaStatus, sla_compute
from sla.selectors import calendar_load, policy_load

# The fields request_sla_refresh writes (and sla_recompute compares).
SLA_FIELDS = (
    "sla_status",
    "first_response_due",
    "resolution_due",
    "sla_at_risk_at",
    "sla_at_risk_notified_at",
    "sla_breach_notified_at",
)
# A status that says the deadline is no longer near: the scan may warn again if it comes back.
_CLEARS_AT_RISK = frozenset({SlaStatus.ON_TIME, SlaStatus.PAUSED})
_CLEARS_BREACH = frozenset({SlaStatus.ON_TIME, SlaStatus.AT_RISK, SlaStatus.PAUSED})


def request_sla_events(request: Request) -> list[ClockEvent]:
    """The clock's events: filing and transitions from the history, staff public replies."""
    events = [
        ClockEvent(
            at=at,
            kind=EventKind.FILED if name == "file" else EventKind.TRANSITION,
            from_state=from_state,
            to_state=to_state,
        )
        for name, from_state, to_state, at in TransitionLog.objects.filter(
            request_id=request.pk
        ).values_list("name", "from_state", "to_state", "at")
    ]
    staff_replies = (
        Message.objects.filter(request_id=request.pk, visibility=Message.Visibility.PUBLIC)
        .filter(Q(author__isnull=True) | ~Q(author_id=request.requester_id))
        .values_list("created_at", flat=True)
    )
    events.extend(ClockEvent(at=at, kind=EventKind.STAFF_PUBLIC_MESSAGE) for at in staff_replies)
    return events


def request_sla_policy(request: Request) -> tuple[Policy, Calendar] | None:
    """The request type's policy and its calendar; None if the type has no policy."""
    policy = policy_load(request.type_key)
    if policy is None:
        return None
    return policy, calendar_load(policy.calendar_id)


def request_sla_compute(
    *, request: Request, now: datetime, policy: tuple[Policy, Calendar] | None = None
) -> ClockResult | None:
    """The clock of ``request`` at ``now`` (None: its type has no policy). ``policy`` saves the
    policy's two queries when the caller already holds it (the recompute command)."""
    loaded = policy if policy is not None else request_sla_policy(request)
    if loaded is None:
        return None
    events = request_sla_events(request)
    if not any(event.kind is EventKind.FILED for event in events):
        return None  # a row written without its history (fixtures): nothing to count from
    return sla_compute(events=events, calendar=loaded[1], policy=loaded[0], now=now)


def sla_values(request: Request, result: ClockResult | None) -> dict[str, object]:
    """What the row should hold for ``result`` (the notification claims kept, or released when
    the deadline moved away, so that a later risk or breach is announced again)."""
    if result is None:
        return {
            "sla_status": SlaStatus.ON_TIME,
            "first_response_due": None,
            "resolution_due": None,
            "sla_at_risk_at": None,
            "sla_at_risk_notified_at": None,
            "sla_breach_notified_at": None,
        }
    risks = []
    if result.resolved_at is None and result.resolution_at_risk_at is not None:
        risks.append(result.resolution_at_risk_at)
    if result.first_response_at is None and result.resolved_at is None:
        risks.append(result.first_response_at_risk_at)
    status = SlaStatus(result.status)
    return {
        "sla_status": status,
        "first_response_due": result.first_response_due,
        "resolution_due": result.resolution_due,
        "sla_at_risk_at": min(risks) if risks else None,
        "sla_at_risk_notified_at": (
            None if status in _CLEARS_AT_RISK else request.sla_at_risk_notified_at
        ),
        "sla_breach_notified_at": (
            None if status in _CLEARS_BREACH else request.sla_breach_notified_at
        ),
    }


def request_sla_at_filing(*, request: Request, now: datetime) -> None:
    """Set the SLA fields of a request being filed at ``now`` on its unsaved row.

    Its history is one event, the filing (the requester's own message does not count): the
    clock is computed from it in memory, so the row is inserted with its deadlines instead of
    being read back and updated (``request_sla_refresh`` gives the same values)."""
    loaded = request_sla_policy(request)
    result = None
    if loaded is not None:
        filed = ClockEvent(at=now, kind=EventKind.FILED, from_state="", to_state=request.state)
        result = sla_compute(events=[filed], calendar=loaded[1], policy=loaded[0], now=now)
    for name, value in sla_values(request, result).items():
        setattr(request, name, value)


def request_sla_refresh(*, request: Request, now: datetime) -> ClockResult | None:
    """Recompute and store the SLA of ``request`` (inside the caller's transaction, after the
    history row of the change is written). Returns the clock, or None without a policy."""
    result = request_sla_compute(request=request, now=now)
    values = sla_values(request, result)
    changed = {name: value for name, value in values.items() if getattr(request, name) != value}
    if changed:
        Request.objects.filter(pk=request.pk).update(**changed)
        for name, value in changed.items():
            setattr(request, name, value)
    return result


def requests_sla_recompute(*, now: datetime, apply: bool, batch_size: int = 500) -> int:
    """Recompute every open request (after a policy or calendar change); return how many would
    change (``apply=False``) or changed (``apply=True``).

    Batched by primary key (keyset, constant memory); with ``apply`` each batch is locked
    (``FOR UPDATE``) in its own transaction so that a transition running meanwhile is not
    overwritten with a stale history. Policies are read once per type.
    """
    policies: dict[str, tuple[Policy, Calendar] | None] = {}
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = Request.objects.filter(state__in=OPEN_STATES, pk__gt=last_pk).order_by("pk")
            if apply:
                batch = batch.select_for_update(of=("self",))
            rows = list(batch.only("pk", "type_key", "requester_id", *SLA_FIELDS)[:batch_size])
            if not rows:
                return changed
            for request in rows:
                if request.type_key not in policies:
                    policies[request.type_key] = request_sla_policy(request)
                loaded = policies[request.type_key]
                result = (
                    request_sla_compute(request=request, now=now, policy=loaded)
                    if loaded is not None
                    else None
                )
                values = sla_values(request, result)
                diff = {k: v for k, v in values.items() if getattr(request, k) != v}
                if diff:
                    changed += 1
                    if apply:
                        Request.objects.filter(pk=request.pk).update(**diff)
            last_pk = rows[-1].pk
