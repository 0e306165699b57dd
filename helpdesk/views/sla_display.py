"""The SLA as people read it: clocks in words and colour, the timeline in segments.

Staff pages read the clocks (due, time left or over in working time, a status word next to the
colour) and the segments of the timeline; the requester's page reads the same timeline in plain
words. Everything here is computed from the stored row and ``request_sla_compute`` (the pure
clock on the request's history); nothing writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifecycle.machine import OPEN_STATES
from lifecycle.models import Request
from lifecycle.services.sla import request_sla_compute, request_sla_policy
from sla.calendar import Calendar, Segment, SegmentKind
from sla.clock import ClockResult, SlaStatus
from sla.models import SlaPolicy
from sla.selectors import calendar_load
from sla.words import time_left_words, time_over_short, time_over_words, working_amount

# The colour of a status (a CSS class); the status word is always printed next to it.
TONE = {
    SlaStatus.ON_TIME: "sla-ok",
    SlaStatus.MET: "sla-ok",
    SlaStatus.AT_RISK: "sla-risk",
    SlaStatus.PAUSED: "sla-paused",
    SlaStatus.BREACHED: "sla-late",
    SlaStatus.MISSED: "sla-late",
}

PLAIN = {
    SegmentKind.COUNTING: gettext_lazy("Le guichet traite votre demande"),
    SegmentKind.OUTSIDE_HOURS: gettext_lazy("Hors des heures d'ouverture (non décompté)"),
    SegmentKind.HOLIDAY: gettext_lazy("Jour férié (non décompté)"),
    SegmentKind.CLOSURE: gettext_lazy("Fermeture du guichet (non décomptée)"),
    SegmentKind.WAITING_REQUESTER: gettext_lazy("En attente de votre réponse (délai suspendu)"),
    SegmentKind.STOPPED: gettext_lazy("Demande résolue (délai arrêté)"),
}


@dataclass(frozen=True)
class ClockView:
    title: str
    status: SlaStatus
    due: datetime | None
    words: str
    tone: str

    @property
    def status_label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class SegmentView:
    start: datetime
    end: datetime
    kind: SegmentKind
    label: str
    wall: timedelta
    counted: bool

    @property
    def title(self) -> str:
        name = str(self.kind.label)
        return f"{name} : {self.label}" if self.label else name

    @property
    def plain(self) -> str:
        text = str(PLAIN[self.kind])
        return f"{text} : {self.label}" if self.label else text


def _left_or_over(calendar: Calendar, due: datetime, now: datetime) -> str:
    if now <= due:
        return time_left_words(calendar.working_time_between(now, due))
    return time_over_words(calendar.working_time_between(due, now))


def _first_response(result: ClockResult, calendar: Calendar, now: datetime) -> ClockView:
    status = SlaStatus(result.first_response_status)
    if result.first_response_at is not None:
        late = result.first_response_at > result.first_response_due
        words = (
            _("réponse donnée en retard le %(at)s") if late else _("réponse donnée le %(at)s")
        ) % {"at": _local(result.first_response_at)}
    else:
        words = _left_or_over(calendar, result.first_response_due, now)
    return ClockView(_("Première réponse"), status, result.first_response_due, words, TONE[status])


def _resolution(result: ClockResult, calendar: Calendar, now: datetime) -> ClockView:
    status = SlaStatus(result.resolution_status)
    due = result.resolution_due
    if result.resolved_at is not None:
        words = _("arrêté le %(at)s") % {"at": _local(result.resolved_at)}
    elif due is None:  # waiting for the requester
        words = _("en pause : %(left)s") % {"left": time_left_words(result.resolution_left)}
    else:
        words = _left_or_over(calendar, due, now)
    return ClockView(_("Résolution"), status, due, words, TONE[status])


def _local(at: datetime) -> str:
    return formats.date_format(timezone.localtime(at), _("l j F Y à H:i"))


def _segments(timeline: Iterable[Segment]) -> list[SegmentView]:
    return [
        SegmentView(s.start, s.end, s.kind, s.label, s.duration, s.kind is SegmentKind.COUNTING)
        for s in timeline
    ]


def _totals(segments: list[SegmentView], *, plain: bool = False) -> list[tuple[str, str]]:
    """Wall-clock time per kind of segment (holidays and closures by name), in order."""
    totals: dict[str, timedelta] = {}
    for segment in segments:
        title = segment.plain if plain else segment.title
        totals[title] = totals.get(title, timedelta(0)) + segment.wall
    return [(title, _wall_words(total)) for title, total in totals.items()]


def _wall_words(delta: timedelta) -> str:
    hours, rest = divmod(round(delta.total_seconds() / 60), 60)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(_("%(n)d j") % {"n": days})
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if rest or not parts:
        parts.append(_("%(n)d min") % {"n": rest})
    return " ".join(parts)


def request_sla_view(*, request: Request, now: datetime) -> dict[str, Any] | None:
    """What the request's pages show of its SLA; None when its type has no policy."""
    loaded = request_sla_policy(request)
    if loaded is None:
        return None
    result = request_sla_compute(request=request, now=now, policy=loaded)
    if result is None:
        return None
    policy, calendar = loaded
    segments = _segments(result.timeline)
    return {
        "status": SlaStatus(result.status),
        "status_label": SlaStatus(result.status).label,
        "tone": TONE[SlaStatus(result.status)],
        "clocks": [_first_response(result, calendar, now), _resolution(result, calendar, now)],
        "target_words": working_amount(policy.resolution)[0],
        "first_target_words": working_amount(policy.first_response)[0],
        "segments": segments,
        "totals": _totals(segments),
        "plain_totals": _totals(segments, plain=True),
        "left_words": working_amount(result.resolution_left)[0],
        "resolution_due": result.resolution_due,
        "resolved_at": result.resolved_at,
        "paused_words": working_amount(result.paused)[0],
        "used_words": working_amount(result.resolution_used)[0],
        "calendar_name": calendar.name,
    }


def sla_list_cells(tickets: Iterable[Request], now: datetime) -> dict[int, ClockView]:
    """The SLA cell of every ticket, from the stored deadlines: the only computation of the time
    left for a list (the queues, the desk). Working time from the type's calendar; a type with
    no policy says so; a request no longer open shows its status and a dash. A constant number
    of queries (the policies, then one fingerprint query per calendar in use)."""
    by_id: dict[int, Calendar] = {}
    calendars: dict[str, Calendar] = {}
    for type_key, calendar_id in SlaPolicy.objects.values_list("request_type", "calendar_id"):
        if calendar_id not in by_id:
            by_id[calendar_id] = calendar_load(calendar_id)
        calendars[type_key] = by_id[calendar_id]
    return {
        ticket.pk: _list_cell(ticket, calendars.get(ticket.type_key), now) for ticket in tickets
    }


def _list_cell(ticket: Request, calendar: Calendar | None, now: datetime) -> ClockView:
    status = SlaStatus(ticket.sla_status)
    due = ticket.resolution_due
    first_due = ticket.first_response_due
    tone = TONE[status]
    if ticket.state not in OPEN_STATES:
        words = "—"
    elif status is SlaStatus.PAUSED or (due is None and calendar is not None):
        words, tone = _("en pause"), TONE[SlaStatus.PAUSED]
    elif calendar is None or due is None:
        words, tone = _("sans échéance"), TONE[SlaStatus.PAUSED]
    elif due < now:
        words = time_over_short(calendar.working_time_between(due, now))
    elif ticket.first_response_at is None and first_due is not None and first_due < now:
        over = time_over_short(calendar.working_time_between(first_due, now))
        words = _("%(over)s (première réponse)") % {"over": over}
    else:
        words = _left_or_over(calendar, due, now)
    return ClockView(_("Résolution"), status, due, words, tone)


def link_life(panel: dict[str, Any] | None, now: datetime) -> dict[str, Any] | None:
    """For a liquidator request: the newest reset link's real-time life (8 hours, nights
    included), shown next to the working-time deadline of the desk."""
    links = (panel or {}).get("links") or []
    if not links or links[0].get("expires_at") is None:
        return None
    link = links[0]
    expires_at = link["expires_at"]
    live = link.get("status") == "issued" and expires_at > now
    if live:
        minutes = int((expires_at - now).total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        words = _("encore %(h)d h %(m)02d en temps réel") % {"h": hours, "m": minutes}
        return {"expires_at": expires_at, "words": words, "tone": "sla-ok", "label": _("Valide")}
    expired = link.get("status") in ("issued", "expired")  # issued but past its 8 hours
    label = _("Expiré") if expired else str(link.get("status_label") or "")
    return {
        "expires_at": expires_at,
        "words": _("le lien ne fonctionne plus"),
        "tone": "sla-paused",
        "label": label,
    }
