"""The periodic SLA scan: statuses from the stored deadlines, each alert claimed once.

Run every minute by Celery beat (``lifecycle.tasks.scan_sla``). Two steps:

1. **Statuses**, set-based: two UPDATEs over the open requests (partial indexes
   ``request_open_sla_idx`` / ``request_open_due_idx``) move to « En retard » every request whose
   stored due instant has passed (the resolution, or the first response not yet given) and to
   « À risque » every request on time whose at-risk instant has passed. Tens of thousands of
   open requests cost two statements, not a loop.
2. **Alerts**, per row by compare-and-swap (healthchecks' ``sendalerts``):
   ``.filter(pk=…, sla_breach_notified_at=None).update(sla_breach_notified_at=now)`` and the
   e-mail is recorded in the outbox only if it returned 1, in the same transaction. Two
   schedulers, or a retried task, find the claim taken and do nothing.

Who is told (``SlaPolicy.warn_assignee`` / ``warn_supervisors``): at risk, the assignee, or the
supervisors when nobody is assigned or the policy asks for them; a breach is always escalated to
the supervisors, and told to the assignee when the policy warns him. A request that jumps
straight to « En retard » gets the breach alert only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from lifecycle import machine
from lifecycle.machine import OPEN_STATES
from lifecycle.models import Request
from lifecycle.selectors import sla_alert_counts_refresh
from outbox.services import effect_enqueue
from sla.clock import SlaStatus
from sla.models import SlaPolicy
from users import roles

SLA_ALERT_EMAIL = "email.sla_alert"
AT_RISK = "at_risk"
BREACH = "breach"
CLAIM_CHUNK = 100  # alerts claimed per transaction


@dataclass(frozen=True)
class ScanResult:
    breached: int  # rows moved to « En retard » by this scan
    at_risk: int  # rows moved to « À risque »
    breach_alerts: int  # alerts claimed and recorded by this scan
    at_risk_alerts: int


def _open() -> Any:
    return Request.objects.filter(state__in=OPEN_STATES)


def sla_scan(*, now: datetime | None = None, limit: int = 500) -> ScanResult:
    """Mark the requests at risk and breached, then claim and record their alerts (at most
    ``limit`` of each kind per run; the next run takes the rest)."""
    now = now or machine.now()
    overdue = Q(resolution_due__lt=now) | Q(first_response_at=None, first_response_due__lt=now)
    breached = _open().filter(overdue).exclude(sla_status=SlaStatus.BREACHED)
    breached_count = breached.update(sla_status=SlaStatus.BREACHED)
    at_risk_count = (
        _open()
        .filter(sla_status=SlaStatus.ON_TIME, sla_at_risk_at__lte=now)
        .update(sla_status=SlaStatus.AT_RISK)
    )
    sla_alert_counts_refresh()  # the staff banner, counted once a minute here, not per page
    breach_alerts = _claim_all(BREACH, now, limit)
    risk_alerts = _claim_all(AT_RISK, now, limit)
    return ScanResult(breached_count, at_risk_count, breach_alerts, risk_alerts)


def _claim_all(kind: str, now: datetime, limit: int) -> int:
    status = SlaStatus.BREACHED if kind == BREACH else SlaStatus.AT_RISK
    claim_field = "sla_breach_notified_at" if kind == BREACH else "sla_at_risk_notified_at"
    candidates = list(
        _open()
        .filter(sla_status=status, **{claim_field: None})
        .order_by("resolution_due", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    claimed = 0
    # One commit per chunk, not per row: each row is still claimed by its own compare-and-swap
    # (a concurrent scan waits on the row lock, then finds the claim taken), and a failure rolls
    # back the chunk's claims with their e-mails.
    for start in range(0, len(candidates), CLAIM_CHUNK):
        with transaction.atomic():
            for pk in candidates[start : start + CLAIM_CHUNK]:
                if sla_alert_claim(request_id=pk, kind=kind, now=now):
                    claimed += 1
    return claimed


def sla_alert_claim(*, request_id: int, kind: str, now: datetime) -> bool:
    """Claim the alert ``kind`` of one request by compare-and-swap and record its e-mail in the
    same transaction. False when someone else (another scan, an earlier try) holds it."""
    status = SlaStatus.BREACHED if kind == BREACH else SlaStatus.AT_RISK
    claim_field = "sla_breach_notified_at" if kind == BREACH else "sla_at_risk_notified_at"
    values = {claim_field: now}
    if kind == BREACH:  # a breach supersedes the at-risk warning not sent yet
        values["sla_at_risk_notified_at"] = now
    # Inside a scan's chunk no savepoint is needed: the chunk commits or rolls back as one.
    with transaction.atomic(savepoint=False):
        won = (
            _open().filter(pk=request_id, sla_status=status, **{claim_field: None}).update(**values)
        )
        if won != 1:
            return False
        effect_enqueue(
            kind=SLA_ALERT_EMAIL,
            idempotency_key=f"{SLA_ALERT_EMAIL}:{kind}:{request_id}:{now.isoformat()}",
            payload={"request_id": request_id, "alert": kind},
            subject_ref=f"request:{request_id}",
        )
    return True


def sla_alert_recipients(*, request: Request, kind: str) -> list[str]:
    """The addresses an alert goes to, read when it is sent (a reassignment in between counts)."""
    warn = (
        SlaPolicy.objects.filter(request_type=request.type_key)
        .values_list("warn_assignee", "warn_supervisors")
        .first()
    )
    warn_assignee, warn_supervisors = warn if warn is not None else (True, True)
    assignee = request.assignee if request.assignee_id else None
    to: list[str] = []
    if assignee is not None and warn_assignee and assignee.is_active:
        to.append(assignee.email)
    if kind == BREACH or warn_supervisors or not to:
        to += [email for email in supervisor_emails() if email not in to]
    return to


def supervisor_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=roles.SUPERVISOR, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
