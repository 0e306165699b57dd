"""Four eyes on the account core: for the types listed in GUICHET_FOUR_EYES_TYPES, the
technician's « Exécuter sur le compte » waits for a second technician or a supervisor.

The asker asks (``execution_approval_ask``) for the version he sees; a different person
approves (``execution_approval_approve``), which executes that same version as the asker's
``execute`` transition, the approver named in its history row. The execute transition itself
refuses to run without the approval (``machine.FOUR_EYES``), whoever calls it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lifecycle import machine
from lifecycle.errors import Forbidden, InvalidInput, StaleVersion, TransitionRefused
from lifecycle.machine import HAS_CORE_ACTION, TRANSITIONS
from lifecycle.models import ExecutionApproval, Request
from lifecycle.services import requests as request_services
from users import roles


def four_eyes_required(request: Request) -> bool:
    return request.type_key in settings.GUICHET_FOUR_EYES_TYPES


def execution_could_be_asked_by(request: Request, actor: Any) -> bool:
    """Whether ``actor`` could execute this request but for the second person's approval."""
    spec = TRANSITIONS["execute"]
    return (
        request.state in spec.sources
        and HAS_CORE_ACTION(request)
        and machine.acting_role(request, actor, spec) is not None
    )


def execution_approval_pending(request: Request) -> ExecutionApproval | None:
    return (
        request.execution_approvals.filter(version=request.version, approved_at__isnull=True)
        .select_related("requested_by")
        .first()
    )


def execution_approval_ask(
    *, request: Request, actor: Any, version: int, options: dict[str, str] | None = None
) -> ExecutionApproval:
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.version != version:
            raise StaleVersion()
        if not four_eyes_required(locked):
            raise InvalidInput(
                "no_approval_needed", _("Ce type de demande s'exécute sans approbation.")
            )
        if not execution_could_be_asked_by(locked, actor):
            raise Forbidden(
                "forbidden", _("Vous ne pouvez pas demander l'exécution de cette demande.")
            )
        refusal = locked.request_type.transition_refusal("execute", locked)
        if refusal is not None:
            raise TransitionRefused(refusal.code, refusal.message)
        if locked.execution_approvals.filter(version=locked.version).exists():
            raise TransitionRefused(
                "already_asked", _("L'approbation de cette exécution est déjà demandée.")
            )
        locked.request_type.execute_options(locked, options or {})  # refused now, not later
        return ExecutionApproval.objects.create(
            request=locked,
            version=locked.version,
            requested_by=actor,
            requested_at=machine.now(),
            options=dict(options or {}),
        )


def execution_approval_approve(*, request: Request, actor: Any, version: int) -> Request:
    """A second person approves: the execution runs now, in the asker's name."""
    if not roles.is_technician(actor):
        raise Forbidden("forbidden", _("Seul le guichet approuve une exécution."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.version != version:
            raise StaleVersion()
        approval = execution_approval_pending(locked)
        if approval is None:
            raise TransitionRefused(
                "nothing_to_approve", _("Aucune exécution n'attend d'approbation.")
            )
        if approval.requested_by_id == actor.pk:
            raise Forbidden(
                "same_person",
                _("Vous avez demandé cette exécution : une autre personne doit l'approuver."),
            )
        approval.approved_by = actor
        approval.approved_at = machine.now()
        approval.save(update_fields=["approved_by", "approved_at"])
        comment = _("Exécution demandée par %(asker)s, approuvée par %(approver)s.") % {
            "asker": approval.requested_by.get_full_name(),
            "approver": actor.get_full_name(),
        }
        return request_services.request_execute(
            request=locked,
            actor=approval.requested_by,
            comment=comment,
            version=version,
            options=approval.options,
        )
