"""One action on several requests picked from a queue: each request in its own transaction,
through the same service as on the request page. Those that no longer allow it are refused
one by one, with the reason, and the others are done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from lifecycle import registry
from lifecycle.errors import DomainError, InvalidInput, TransitionRefused
from lifecycle.machine import Actor, Outcome
from lifecycle.models import Request
from lifecycle.services import requests as request_services
from users import roles

if TYPE_CHECKING:
    from users.models import User

BULK_ACTIONS = ("take", "release", "assign", "close_question")
MAX_PICKS = 200


@dataclass(frozen=True)
class Pick:
    """A request as the technician saw it in the list: its number and version."""

    number: str
    version: int


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def picks_parse(values: Sequence[str]) -> list[Pick]:
    """``DEM-2026-000123:4`` values from the list's checkboxes; malformed ones are dropped."""
    picks: dict[str, Pick] = {}
    for value in values[:MAX_PICKS]:
        number, _sep, version = value.partition(":")
        if number and version.isdigit():
            picks.setdefault(number, Pick(number=number, version=int(version)))
    return list(picks.values())


def _close_question(*, request: Request, actor: Actor, message: str, version: int) -> Request:
    if registry.get_type(request.type_key).core_action:
        raise TransitionRefused(
            "not_a_question",
            _("Seules les demandes sans action sur le compte (questions) se closent en lot."),
        )
    return request_services.request_resolve(
        request=request, actor=actor, outcome=Outcome.DONE, message=message, version=version
    )


def requests_bulk_act(
    *,
    picks: Sequence[Pick],
    action: str,
    actor: Actor,
    technician: User | None = None,
    message: str = "",
) -> BulkResult:
    """Run ``action`` on every picked request at the version the actor saw."""
    if action not in BULK_ACTIONS:
        raise InvalidInput("unknown_action", _("Choisissez une action à appliquer."))
    if not picks:
        raise InvalidInput("nothing_picked", _("Sélectionnez au moins une demande."))
    if action == "assign" and (technician is None or not roles.is_technician(technician)):
        raise InvalidInput("not_a_technician", _("Choisissez un technicien du guichet."))
    if action == "close_question" and not message.strip():
        raise InvalidInput("message_required", _("Un message est nécessaire pour cette action."))
    result = BulkResult()
    found = {r.number: r for r in Request.objects.filter(number__in=[p.number for p in picks])}
    for pick in picks:
        request = found.get(pick.number)
        if request is None:
            result.refused.append((pick.number, _("Cette demande n'existe pas.")))
            continue
        try:
            if action == "take":
                request_services.request_take(request=request, actor=actor, version=pick.version)
            elif action == "release":
                request_services.request_release(request=request, actor=actor, version=pick.version)
            elif action == "assign":
                request_services.request_assign(
                    request=request, actor=actor, technician=technician, version=pick.version
                )
            else:
                _close_question(request=request, actor=actor, message=message, version=pick.version)
        except DomainError as error:
            result.refused.append((pick.number, error.message))
        else:
            result.done.append(pick.number)
    return result
