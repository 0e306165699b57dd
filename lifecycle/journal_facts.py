"""The labelled French facts under a journal entry: what the core returned, its error, what the
SLA clock did.

A transition row's ``details`` keep the core's result through an allow-list of keys
(``lifecycle.services.history``); here each known key becomes a label and a value a technician
reads (« Valable jusqu'au : 03/03/2026 17:00 »). Unknown keys, and identifiers of no use to a
reader such as the reset link's id, are left out: never a raw key, never a token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.error_text import error_text
from lifecycle.models import Request, TransitionLog
from sla.clock import PAUSED

Fact = tuple[str, str]

DATETIME_FORMAT = "d/m/Y H:i"  # the journal's own column format


def format_moment(value: datetime) -> str:
    from django.utils.dateformat import format as date_format

    return date_format(timezone.localtime(value), DATETIME_FORMAT)


def _moment(value: Any) -> str | None:
    """An ISO date kept by the history, in the journal's format; None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return format_moment(parsed)


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _count(value: Any) -> str | None:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


SCOPES = {"company": gettext_lazy("l'entreprise"), "establishment": gettext_lazy("l'établissement")}


def _scope(value: Any) -> str | None:
    label = SCOPES.get(value) if isinstance(value, str) else None
    return str(label) if label else None


# Each kept key of a core result: its French label and how its value reads. In this order.
CORE_RESULT_FACTS: tuple[tuple[str, Any, Callable[[Any], str | None]], ...] = (
    ("issued_at", gettext_lazy("Lien de réinitialisation envoyé le"), _moment),
    ("expires_at", gettext_lazy("Lien valable jusqu'au"), _moment),
    ("scope", gettext_lazy("Inscription résiliée"), _scope),
    ("identifier", gettext_lazy("SIREN ou SIRET concerné"), _text),
    ("siren", gettext_lazy("SIREN"), _text),
    ("siret", gettext_lazy("SIRET"), _text),
    ("cancelled_at", gettext_lazy("Résiliée le"), _moment),
    ("establishments_cancelled", gettext_lazy("Établissements résiliés"), _count),
    ("transferred_rights", gettext_lazy("Habilitations transférées"), _count),
)


def core_result_facts(result: Mapping[str, Any]) -> list[Fact]:
    """What the core returned, as labelled French facts (unknown keys left out)."""
    facts = []
    for key, label, read in CORE_RESULT_FACTS:
        value = read(result.get(key))
        if value is not None:
            facts.append((str(label), value))
    return facts


def sla_applies(request: Request) -> bool:
    return request.first_response_due is not None or request.resolution_due is not None


def transition_facts(log: TransitionLog, request: Request) -> list[Fact]:
    """The facts under a transition row: the action asked of the core, what it returned or
    the error it gave, and whether the SLA clock stopped or started again."""
    facts: list[Fact] = []
    if log.name == "execute" and request.request_type.core_action:
        facts.append(
            (_("Action demandée au service des comptes"), str(request.request_type.core_action))
        )
    if log.name == "core_succeeded":
        facts += core_result_facts(log.details.get("core_result") or {})
    if log.name == "core_failed" and log.comment:
        facts.append((_("Erreur du service des comptes"), error_text(log.comment)))
    if sla_applies(request) and log.from_state != log.to_state:
        if log.to_state in PAUSED:
            facts.append((_("Délai"), _("suspendu pendant l'attente du demandeur")))
        elif log.from_state in PAUSED:
            facts.append((_("Délai"), _("décompte repris")))
    return facts
