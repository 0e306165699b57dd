"""Canned answers for one request: which are offered, and their text with the request's values.

Placeholders are replaced by a fixed table of plain strings (never ``str.format``, which would
let a text reach attributes: ``{numero.__class__}``); an unknown ``{mot}`` stays as written.
The result is plain text, escaped by the template like any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from lifecycle.models import CannedAnswer, Request

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.email)


def canned_values(*, request: Request, technician: Any) -> dict[str, str]:
    company = (request.data or {}).get("company_name") or request.siret or request.siren
    return {
        "demandeur": _name(request.requester),
        "numero": request.number,
        "entreprise": str(company or ""),
        "siret": request.siret or request.siren,
        "technicien": _name(technician),
    }


def canned_render(*, body: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda found: values.get(found[1], found[0]), body)


@dataclass(frozen=True)
class OfferedAnswer:
    pk: int
    title: str
    outcome_label: str
    text: str


def canned_answers_for(*, request: Request, technician: Any) -> list[OfferedAnswer]:
    """The active answers of this request's type (and those for every type), rendered."""
    values = canned_values(request=request, technician=technician)
    answers = CannedAnswer.objects.filter(
        Q(type_key="") | Q(type_key=request.type_key), is_active=True
    )
    return [
        OfferedAnswer(
            pk=answer.pk,
            title=answer.title,
            outcome_label=str(answer.get_outcome_display()) if answer.outcome else "",
            text=canned_render(body=answer.body, values=values),
        )
        for answer in answers
    ]
