"""A supervisor assigns several requests at once (the desk's lists).

Each request goes through ``request_assign`` in its own transaction: one that no longer allows it
(resolved meanwhile, executing on the core, not found) is refused with its reason and the others
are still assigned. Nothing is half-done on any one request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from lifecycle.errors import DomainError, InvalidInput
from lifecycle.machine import Actor
from lifecycle.models import Request
from lifecycle.services.requests import request_assign

if TYPE_CHECKING:
    from users.models import User

MAX_BULK = 200


@dataclass
class BulkAssignResult:
    assigned: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (number, French reason)


def requests_assign(
    *, numbers: Sequence[str], actor: Actor, technician: User | None, comment: str = ""
) -> BulkAssignResult:
    """Assign each request of ``numbers`` to ``technician``; report the assigned and the refused."""
    wanted = list(dict.fromkeys(number.strip() for number in numbers if number.strip()))
    if not wanted:
        raise InvalidInput("nothing_selected", _("Cochez au moins une demande à attribuer."))
    if len(wanted) > MAX_BULK:
        raise InvalidInput("too_many", _("Au plus %(n)d demandes à la fois.") % {"n": MAX_BULK})
    found = {request.number: request for request in Request.objects.filter(number__in=wanted)}
    result = BulkAssignResult()
    for number in wanted:
        request = found.get(number)
        if request is None:
            result.refused.append((number, _("Cette demande n'existe pas.")))
            continue
        try:
            request_assign(request=request, actor=actor, technician=technician, comment=comment)
        except InvalidInput:
            raise  # the technician is not one: the same answer for every request
        except DomainError as refusal:
            result.refused.append((number, refusal.message))
        else:
            result.assigned.append(number)
    return result
