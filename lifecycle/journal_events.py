"""The staff timeline's entries that are not transitions, messages or downloads: the four-eyes
steps (asked, approved, refused) and the SLA scan's alerts. One query each.

The SLA alerts are read from the outbox, where the scan records every alert's e-mail (its key
``email.sla_alert:<kind>:<request>:<instant>`` says which alert and when, even once the outbox
purged its payload); the request's own claim instants (``sla_at_risk_notified_at``,
``sla_breach_notified_at``) add the latest ones should their e-mail row be gone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lifecycle.journal_facts import Fact
from lifecycle.models import Request
from lifecycle.services.sla_scan import AT_RISK, BREACH, SLA_ALERT_EMAIL
from outbox.models import OutboxEffect
from outbox.selectors import effects_for_subject

Entry = tuple[datetime, str, str, list[Fact]]  # at, sentence, comment, facts


def person_name(user: Any | None) -> str:
    if user is None:
        return _("Guichet (automatique)")
    return str(user.get_full_name() or user.email)


def approval_entries(*, request: Request) -> list[Entry]:
    """Each execution asked for approval, and who approved or refused it (with the reason)."""
    approvals = request.execution_approvals.select_related(
        "requested_by", "approved_by", "refused_by"
    ).order_by("requested_at", "id")
    entries: list[Entry] = []
    for approval in approvals:
        entries.append(
            (
                approval.requested_at,
                _("Approbation de l'exécution demandée par %(who)s")
                % {"who": person_name(approval.requested_by)},
                "",
                [],
            )
        )
        if approval.approved_at is not None:
            entries.append(
                (
                    approval.approved_at,
                    _("Exécution approuvée par %(who)s")
                    % {"who": person_name(approval.approved_by)},
                    "",
                    [(_("Demandée par"), person_name(approval.requested_by))],
                )
            )
        if approval.refused_at is not None:
            entries.append(
                (
                    approval.refused_at,
                    _("Exécution refusée par %(who)s") % {"who": person_name(approval.refused_by)},
                    "",
                    [
                        (_("Demandée par"), person_name(approval.requested_by)),
                        (_("Motif du refus"), approval.refusal_reason),
                    ],
                )
            )
    return entries


def _alert_sentence(kind: str, *, sent: bool) -> str:
    """The alert as a sentence; ``sent`` unless its e-mail is known to be still on its way or
    to have failed (the entry's fact then says which)."""
    if kind == BREACH:
        if sent:
            return _("Délai dépassé : alerte envoyée aux superviseurs")
        return _("Délai dépassé : alerte aux superviseurs")
    return _("Délai à risque : alerte envoyée") if sent else _("Délai à risque : alerte")


def _alert_from_key(key: str) -> tuple[str, datetime] | None:
    """``(kind, instant)`` from an alert e-mail's idempotency key; None if it is not one."""
    parts = key.split(":", 3)
    if len(parts) != 4 or parts[1] not in (AT_RISK, BREACH):
        return None
    try:
        at = datetime.fromisoformat(parts[3])
    except ValueError:
        return None
    return parts[1], at if timezone.is_aware(at) else timezone.make_aware(at, UTC)


def sla_alert_entries(*, request: Request) -> list[Entry]:
    """The at-risk and breach alerts the SLA scan recorded for the request, oldest first."""
    rows = (
        effects_for_subject(request.subject_ref)
        .filter(kind=SLA_ALERT_EMAIL)
        .values_list("idempotency_key", "status")
    )
    seen: dict[tuple[str, datetime], str] = {}
    for key, status in rows:
        alert = _alert_from_key(key)
        if alert is not None:
            seen[alert] = status
    breach_at, risk_at = request.sla_breach_notified_at, request.sla_at_risk_notified_at
    if risk_at == breach_at:  # a breach takes the at-risk claim too: no at-risk alert went
        risk_at = None
    for kind, at in ((BREACH, breach_at), (AT_RISK, risk_at)):
        if at is not None:
            seen.setdefault((kind, at), "")
    entries: list[Entry] = []
    for (kind, at), status in seen.items():
        facts: list[Fact] = []
        if status in (OutboxEffect.Status.PENDING, OutboxEffect.Status.DISPATCHED):
            facts.append((_("Envoi de l'alerte"), _("en cours")))
        elif status == OutboxEffect.Status.DEAD:
            facts.append((_("Envoi de l'alerte"), _("en échec")))
        entries.append((at, _alert_sentence(kind, sent=not facts), "", facts))
    return entries
