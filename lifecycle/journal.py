"""The staff journal: each transition log row as a French sentence (« Prise en charge par
Marie Technicienne »), from the sentences of the transition table (``lifecycle.machine``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from lifecycle.machine import TRANSITIONS, State
from lifecycle.models import Request, TransitionLog


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
