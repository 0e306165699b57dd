"""The staff journal: each transition log row as a French sentence (« Prise en charge par
Marie Technicienne »), from the sentences of the transition table (``lifecycle.machine``), and
the staff timeline that interleaves them with everything else that happened to a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifecycle.journal_events import approval_entries, person_name, sla_alert_entries
from lifecycle.journal_facts import Fact, transition_facts
from lifecycle.machine import TRANSITIONS, State
from lifecycle.models import AuditEvent, Message, Request, TransitionLog


@dataclass(frozen=True)
class JournalEntry:
    at: datetime
    sentence: str
    from_label: str
    to_label: str
    comment: str
    facts: tuple[Fact, ...] = ()  # labelled French facts shown under the sentence


# History rows written outside the transition table (same state before and after).
OTHER_SENTENCES = {
    "link_cap_lifted": gettext_lazy("Limite des liens levée par %(actor)s"),
}


def _actor_name(log: TransitionLog) -> str:
    return person_name(log.actor)


def journal_sentence(log: TransitionLog) -> str:
    if log.name == "file":
        return _("Demande déposée par %(actor)s") % {"actor": _actor_name(log)}
    spec = TRANSITIONS.get(log.name)
    if spec is None:
        other = OTHER_SENTENCES.get(log.name)
        if other is not None:
            return str(other) % {"actor": _actor_name(log)}
        return _("Changement d'état")  # a transition no longer in the table: say what changed
    template = str(spec.journal or spec.label)
    return template % {"actor": _actor_name(log)} if "%(actor)s" in template else template


def staff_journal(*, request: Request) -> list[JournalEntry]:
    """The request's transitions, oldest first, as the staff page reads them, each with its
    facts (what the core returned or the error it gave, the SLA clock stopping)."""
    logs = request.transitions.select_related("actor").order_by("at", "id")
    entries = []
    for log in logs:
        facts = tuple(transition_facts(log, request))
        entries.append(
            JournalEntry(
                at=log.at,
                sentence=journal_sentence(log),
                from_label=str(State(log.from_state).label) if log.from_state else "—",
                to_label=str(State(log.to_state).label),
                # A core failure's error is shown once, as a fact.
                comment="" if log.name == "core_failed" else log.comment,
                facts=facts,
            )
        )
    return entries


def staff_timeline(*, request: Request) -> list[JournalEntry]:
    """Everything that happened to the request, oldest first: the four-eyes steps, its
    transitions (the core calls and their outcomes among them), its messages and internal
    notes, the downloads (or refusals) of its documents and the SLA alerts. Five queries,
    whatever their number."""
    # The approvals first: an approval and the execution it starts share their instant.
    entries = [
        JournalEntry(at, sentence, "", "", comment, tuple(facts))
        for at, sentence, comment, facts in approval_entries(request=request)
    ]
    entries += staff_journal(request=request)
    for message in request.messages.select_related("author").order_by("created_at", "id"):
        sentence = (
            _("Note interne écrite par %(who)s")
            if message.visibility == Message.Visibility.INTERNAL
            else _("Message écrit par %(who)s")
        ) % {"who": person_name(message.author)}
        entries.append(JournalEntry(message.created_at, sentence, "", "", ""))
    events = request.audit_events.select_related("actor", "attachment").order_by("at", "id")
    for event in events:
        name = event.attachment.display_name if event.attachment else ""
        sentence = _("%(event)s par %(who)s") % {
            "event": AuditEvent.Kind(event.kind).label,
            "who": person_name(event.actor),
        }
        entries.append(JournalEntry(event.at, sentence, "", "", name))
    entries += [
        JournalEntry(at, sentence, "", "", comment, tuple(facts))
        for at, sentence, comment, facts in sla_alert_entries(request=request)
    ]
    return sorted(entries, key=lambda entry: entry.at)
