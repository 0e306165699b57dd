"""Reads of the lifecycle, scoped by who asks. Objects outside the scope are simply absent
(the views answer 404, never 403)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.short_cache import short_cache_forget, short_cache_get, short_cache_set
from lifecycle import registry
from lifecycle.machine import OPEN_STATES, PUBLIC_STATUS, Outcome, PublicStatus, State
from lifecycle.models import Attachment, Message, Request, TransitionLog
from outbox.selectors import effects_for_subject
from sla.clock import SlaStatus
from users import roles

FAILED_EFFECT_STATUSES = frozenset({"dead", "failed"})


def requests_visible_to(user: Any) -> QuerySet[Request]:
    """Staff see every request; a requester sees his own."""
    requests = Request.objects.select_related("requester", "assignee")
    if roles.is_staff_member(user):
        return requests
    return requests.filter(requester_id=user.pk)


def request_get(*, user: Any, number: str) -> Request | None:
    return requests_visible_to(user).filter(number=number).first()


# The staff list's orders: newest first (default), or by resolution due date, nulls last.
BACKOFFICE_SORTS = ("", "due")


def backoffice_requests(
    *, type_key: str = "", state: str = "", sort: str = ""
) -> QuerySet[Request]:
    """The staff list, newest first or by due date (``sort="due"``: the resolution due instant,
    requests without one last), optionally filtered by type and state."""
    requests = Request.objects.select_related("requester", "assignee")
    if sort == "due":
        requests = requests.order_by(F("resolution_due").asc(nulls_last=True), "id")
    else:
        requests = requests.order_by("-filed_at", "-id")
    if type_key:
        requests = requests.filter(type_key=type_key)
    if state:
        requests = requests.filter(state=state)
    return requests


def request_open_with_key(
    *, type_key: str, open_key: str, exclude_pk: int | None = None
) -> Request | None:
    """The open request of this type holding ``open_key`` (``RequestType.open_key``), if any."""
    if not open_key:
        return None
    found = Request.objects.filter(type_key=type_key, open_key=open_key, state__in=OPEN_STATES)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("filed_at").first()


def requests_open_on_company(*, siren: str, type_key: str, exclude: Request) -> QuerySet[Request]:
    """The other open requests of this type on the same company (conflicts to show staff)."""
    if not siren:
        return Request.objects.none()
    return (
        Request.objects.filter(siren=siren, type_key=type_key, state__in=OPEN_STATES)
        .exclude(pk=exclude.pk)
        .select_related("requester")
        .order_by("filed_at")
    )


def request_core_results(*, request: Request) -> list[dict[str, Any]]:
    """What the core returned for each action executed on this request, oldest first (kept on
    the history, so it outlives the outbox's payload retention)."""
    rows = TransitionLog.objects.filter(request=request, name="core_succeeded").order_by("at", "id")
    return [row.details.get("core_result") or {} for row in rows.only("details")]


def request_thread(*, request: Request, user: Any) -> QuerySet[Message]:
    """The messages ``user`` may read: internal notes are for staff only."""
    messages = request.messages.select_related("author").prefetch_related("attachments")
    if roles.is_staff_member(user):
        return messages
    return messages.filter(visibility=Message.Visibility.PUBLIC)


def request_attachments(*, request: Request, user: Any) -> QuerySet[Attachment]:
    attachments = request.attachments.select_related("message")
    if roles.is_staff_member(user):
        return attachments
    return attachments.exclude(message__visibility=Message.Visibility.INTERNAL)


def request_history(*, request: Request) -> QuerySet[TransitionLog]:
    return request.transitions.select_related("actor")


def request_effects(*, request: Request) -> list[Any]:
    """The request's outbox effects (core action, e-mails), oldest first."""
    return list(effects_for_subject(request.subject_ref))


def request_failed_effects(*, request: Request) -> list[Any]:
    """Side effects that died after their last retry, shown on the staff page."""
    return [
        effect
        for effect in request_effects(request=request)
        if str(getattr(effect, "status", "")) in FAILED_EFFECT_STATUSES
    ]


# --- The requester's pages ("Mon espace") -----------------------------------------------------
PORTAL_LIST_FIELDS = ("number", "type_key", "subject", "siret", "state", "filed_at", "updated_at")

# What the requester reads in his history for a public status change (never who did it).
PUBLIC_EVENTS: dict[str, str | Promise] = {
    "file": _("Demande déposée"),
    "take": _("Prise en charge par le guichet"),
    "assign": _("Prise en charge par le guichet"),
    "request_info": _("Le guichet vous demande un complément"),
    "answer": _("Vous avez répondu"),
    "execute": _("Traitement en cours sur le compte"),
    "core_succeeded": _("Demande traitée"),
    "core_failed": _("Traitement repris par le guichet"),
    "resolve": _("Demande traitée"),
    "reopen": _("Vous avez rouvert la demande"),
    "close": _("Demande close"),
}
# A resolution reads as its outcome. The log keeps no outcome: the request's own (that of its
# last resolution) names the last one; an earlier one, followed by a reopening, stays neutral.
RESOLVED_EVENTS: dict[str, str | Promise] = {
    Outcome.DONE: _("Demande traitée"),
    Outcome.NON_COMPLIANT: _("Demande jugée non conforme"),
    Outcome.REFUSED: _("Demande refusée"),
}
EARLIER_RESOLUTION = _("Réponse du guichet")


@dataclass(frozen=True)
class PublicStatusChange:
    """One line of the history the requester sees: when, what, and the public status after."""

    at: datetime
    event: str
    status: PublicStatus


def portal_status_states(status: str) -> list[str]:
    """The internal states behind one public status ("Non résolu" is several)."""
    return [state for state, public in PUBLIC_STATUS.items() if public == status]


def portal_requests(*, user: Any, status: str = "") -> QuerySet[Request]:
    """The user's own requests, newest first, optionally with one public status.

    Whoever asks (a technician too), "Mon espace" lists only the requests he filed. Loads the
    list's columns only; the cost does not depend on how many requests the account holds
    (index ``request_requester_idx``).
    """
    requests = Request.objects.filter(requester_id=user.pk).only(*PORTAL_LIST_FIELDS)
    if status in PublicStatus.values:
        requests = requests.filter(state__in=portal_status_states(status))
    return requests.order_by("-filed_at", "-id")


def request_type_label(type_key: str) -> str:
    """The type's French label; the key itself for a type no longer registered."""
    try:
        return str(registry.get_type(type_key).label)
    except KeyError:
        return type_key


def portal_thread(*, request: Request) -> QuerySet[Message]:
    """What the requester reads of the thread, whoever looks: public messages only."""
    return (
        request.messages.filter(visibility=Message.Visibility.PUBLIC)
        .select_related("author")
        .prefetch_related("attachments")
    )


def portal_attachments(*, request: Request) -> QuerySet[Attachment]:
    """The files the requester may download: his own and those of public replies."""
    return request.attachments.exclude(message__visibility=Message.Visibility.INTERNAL)


def portal_status_history(*, request: Request) -> list[PublicStatusChange]:
    """The public status changes of the request, from the transition log, oldest first.

    Only the filing and the transitions that change the public status appear; internal
    comments, staff names and internal-only moves (taken, executing…) never do.
    """
    changes = []
    logs = list(
        request.transitions.only("request", "name", "from_state", "to_state", "at").order_by(
            "at", "id"
        )
    )
    last_resolution = next((log.pk for log in reversed(logs) if log.name == "resolve"), None)
    for log in logs:
        after = PUBLIC_STATUS[State(log.to_state)]
        before = PUBLIC_STATUS[State(log.from_state)] if log.from_state else None
        if before == after:
            continue
        event = PUBLIC_EVENTS.get(log.name, str(after.label))
        if log.name == "resolve":
            event = (
                RESOLVED_EVENTS.get(request.outcome, EARLIER_RESOLUTION)
                if log.pk == last_resolution
                else EARLIER_RESOLUTION
            )
        changes.append(PublicStatusChange(at=log.at, event=str(event), status=after))
    return changes


def request_had_link_issued(*, request: Request) -> bool:
    """Whether the core action sent a link for this request (the liquidator's reset link), as
    its history keeps it (the link's id, never the token)."""
    return any(result.get("link_id") for result in request_core_results(request=request))


BANNER_KEY = "sla-banner"
BANNER_TTL = 90  # seconds; the SLA scan, every minute, counts it afresh (sla_alert_counts_refresh)


def sla_alert_counts() -> dict[str, int]:
    """The staff pages' banner: open requests late and at risk. Kept BANNER_TTL seconds in the
    shared cache, counted afresh by every SLA scan and forgotten by every transition, so a
    staff page does not count 30,000 rows at each click."""
    return short_cache_get(BANNER_KEY, ttl=BANNER_TTL, compute=_sla_alert_counts_query)


def sla_alert_counts_refresh() -> None:
    short_cache_set(BANNER_KEY, _sla_alert_counts_query(), ttl=BANNER_TTL)


def sla_alert_counts_forget() -> None:
    short_cache_forget(BANNER_KEY)


def _sla_alert_counts_query() -> dict[str, int]:
    """One query on the partial index ``request_open_sla_idx``."""
    late, risk = SlaStatus.BREACHED, SlaStatus.AT_RISK
    counts = Request.objects.filter(state__in=OPEN_STATES, sla_status__in=[late, risk]).aggregate(
        # Counted on sla_status, not on id: the partial index holds sla_status, so this is an
        # index-only scan (COUNT(id) made PostgreSQL read ~25,000 heap pages at 1M requests).
        breached=Count("sla_status", filter=Q(sla_status=late)),
        at_risk=Count("sla_status", filter=Q(sla_status=risk)),
    )
    return {"breached": counts["breached"] or 0, "at_risk": counts["at_risk"] or 0}


def open_requests_by_sla_status() -> dict[str, int]:
    """Open requests per stored SLA status, in one query on the partial index
    ``request_open_sla_idx`` (the operators' metrics: at risk, breached)."""
    rows = (
        Request.objects.filter(state__in=sorted(str(state) for state in OPEN_STATES))
        .values("sla_status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["sla_status"]: row["count"] for row in rows}
