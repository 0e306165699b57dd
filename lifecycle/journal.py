"""The staff journal: each transition log row as a French sentence (« Prise en charge par
Marie Technicienne »), from the sentences of the transition table (``lifecycle.machine``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from lifecycle.machine import TRANSITIONS, State
from lifecycle.models import AuditEvent, Message, Request, TransitionLog


@dataclass(frozen=True)
class JournalEntry:
    at: datetime
    sentence: str
    from_label: str
    to_label: str
    comment: str


def _actor_name(log: TransitionLog) -> str:
    if log.actor is None:
        return _("Guichet (automatique)")
    return log.actor.get_full_name() or log.actor.email


def journal_sentence(log: TransitionLog) -> str:
    if log.name == "file":
        return _("Demande déposée par %(actor)s") % {"actor": _actor_name(log)}
    spec = TRANSITIONS.get(log.name)
    if spec is None:  # a transition no longer in the table: say what changed
        return _("Changement d'état")
    template = str(spec.journal or spec.label)
    return template % {"actor": _actor_name(log)} if "%(actor)s" in template else template


def staff_journal(*, request: Request) -> list[JournalEntry]:
    """The request's transitions, oldest first, as the staff page reads them."""
    logs = request.transitions.select_related("actor").order_by("at", "id")
    return [
        JournalEntry(
            at=log.at,
            sentence=journal_sentence(log),
            from_label=str(State(log.from_state).label) if log.from_state else "—",
            to_label=str(State(log.to_state).label),
            comment=log.comment,
        )
        for log in logs
    ]


def _person(user: object | None) -> str:
    if user is None:
        return _("Guichet (automatique)")
    return getattr(user, "get_full_name", lambda: "")() or str(getattr(user, "email", ""))


def staff_timeline(*, request: Request) -> list[JournalEntry]:
    """Everything that happened to the request, oldest first: its transitions (the core calls
    and their outcomes among them), its messages and internal notes, and the downloads (or
    refusals) of its documents. Three queries, whatever their number."""
    entries = staff_journal(request=request)
    for message in request.messages.select_related("author").order_by("created_at", "id"):
        sentence = (
            _("Note interne écrite par %(who)s")
            if message.visibility == Message.Visibility.INTERNAL
            else _("Message écrit par %(who)s")
        ) % {"who": _person(message.author)}
        entries.append(JournalEntry(message.created_at, sentence, "", "", ""))
    events = request.audit_events.select_related("actor", "attachment").order_by("at", "id")
    for event in events:
        name = event.attachment.display_name if event.attachment else ""
        sentence = _("%(event)s par %(who)s") % {
            "event": AuditEvent.Kind(event.kind).label,
            "who": _person(event.actor),
        }
        entries.append(JournalEntry(event.at, sentence, "", "", name))
    return sorted(entries, key=lambda entry: entry.at)
