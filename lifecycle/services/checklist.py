"""The technician ticks what he checked in the request's documents (the type's checklist)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lifecycle import machine
from lifecycle.errors import Forbidden, InvalidInput, TransitionRefused
from lifecycle.machine import OPEN_STATES
from lifecycle.models import DocumentCheck, Request
from lifecycle.selectors_checklist import request_checklist
from users import roles


def request_checklist_save(
    *, request: Request, actor: Any, checked: Collection[str]
) -> list[DocumentCheck]:
    """Record the boxes ticked now: one history row per item whose answer changed."""
    if not roles.is_technician(actor):
        raise Forbidden("forbidden", _("Seul le guichet vérifie les pièces."))
    codes = [code for code, _label in request.request_type.document_checklist]
    if not codes:
        raise InvalidInput(
            "no_checklist", _("Ce type de demande n'a pas de liste de vérification.")
        )
    unknown = set(checked) - set(codes)
    if unknown:
        raise InvalidInput("unknown_item", _("Ce point de vérification n'existe pas."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.state not in OPEN_STATES:
            raise TransitionRefused(
                "not_open", _("La demande n'est plus ouverte : la vérification est figée.")
            )
        now = machine.now()
        current = {item.code: item.checked for item in request_checklist(request=locked)}
        rows = [
            DocumentCheck(request=locked, code=code, checked=code in checked, actor=actor, at=now)
            for code in codes
            if current.get(code, False) != (code in checked)
        ]
        DocumentCheck.objects.bulk_create(rows)
    return rows
