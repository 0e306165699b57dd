"""Four eyes on the account core: for the types listed in GUICHET_FOUR_EYES_TYPES, the
technician's « Exécuter sur le compte » waits for a second technician or a supervisor.

The asker asks (``execution_approval_ask``) for the version he sees; a different person
approves (``execution_approval_approve``), which executes that same version as the asker's
``execute`` transition, the approver named in its history row, or refuses it with a reason
(``execution_approval_refuse``: an internal note says why, and the asker may ask again). The
execute transition itself refuses to run without the approval (``machine.FOUR_EYES``), whoever
calls it. ``execution_approval_steps`` lists the steps a user may take now (pages and API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lifecycle import machine
from lifecycle.errors import Forbidden, InvalidInput, StaleVersion, TransitionRefused
from lifecycle.machine import HAS_CORE_ACTION, TRANSITIONS, Needs
from lifecycle.models import ExecutionApproval, Request
from lifecycle.services import messages as message_services
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
        request.execution_approvals.filter(
            version=request.version, approved_at__isnull=True, refused_at__isnull=True
        )
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
        if locked.execution_approvals.filter(
            version=locked.version, refused_at__isnull=True
        ).exists():
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


def _pending_for_second_person(locked: Request, actor: Any, version: int) -> ExecutionApproval:
    """The approval waiting on this version, if ``actor`` is not the one who asked for it."""
    if locked.version != version:
        raise StaleVersion()
    approval = execution_approval_pending(locked)
    if approval is None:
        raise TransitionRefused("nothing_to_approve", _("Aucune exécution n'attend d'approbation."))
    if approval.requested_by_id == actor.pk:
        raise Forbidden(
            "same_person",
            _("Vous avez demandé cette exécution : une autre personne doit l'approuver."),
        )
    return approval


def execution_approval_approve(*, request: Request, actor: Any, version: int) -> Request:
    """A second person approves: the execution runs now, in the asker's name."""
    if not roles.is_technician(actor):
        raise Forbidden("forbidden", _("Seul le guichet approuve une exécution."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        approval = _pending_for_second_person(locked, actor, version)
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


def execution_approval_refuse(
    *, request: Request, actor: Any, version: int, reason: str
) -> ExecutionApproval:
    """A second person refuses the execution asked for, and says why in an internal note; the
    request stays where it is and its asker may ask again."""
    if not roles.is_technician(actor):
        raise Forbidden("forbidden", _("Seul le guichet refuse une exécution."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required", _("Indiquez le motif du refus."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        approval = _pending_for_second_person(locked, actor, version)
        approval.refused_by = actor
        approval.refused_at = machine.now()
        approval.refusal_reason = reason
        approval.save(update_fields=["refused_by", "refused_at", "refusal_reason"])
        message_services.message_post(
            request=locked,
            author=actor,
            body=_("Exécution demandée par %(asker)s refusée par %(refuser)s : %(reason)s")
            % {
                "asker": approval.requested_by.get_full_name(),
                "refuser": actor.get_full_name(),
                "reason": reason,
            },
            internal=True,
        )
        return approval


@dataclass(frozen=True)
class ApprovalStep:
    """A four-eyes step, listed with the transitions a user may run now."""

    name: str
    label: str
    needs: tuple[str, ...] = ()


ASK, APPROVE, REFUSE = "ask_approval", "approve_execution", "refuse_execution"
APPROVAL_STEPS = (ASK, APPROVE, REFUSE)


def execution_approval_steps(request: Request, actor: Any) -> list[ApprovalStep]:
    """The four-eyes steps ``actor`` may take on ``request`` now: ask, or approve and refuse."""
    if not four_eyes_required(request) or not roles.is_technician(actor):
        return []
    pending = execution_approval_pending(request)
    if pending is None:
        if not execution_could_be_asked_by(request, actor):
            return []
        if request.request_type.transition_refusal("execute", request) is not None:
            return []
        return [ApprovalStep(ASK, _("Demander l'approbation"))]
    if pending.requested_by_id == actor.pk:
        return []
    return [
        ApprovalStep(APPROVE, _("Approuver et exécuter sur le compte")),
        ApprovalStep(REFUSE, _("Refuser l'exécution"), (str(Needs.MESSAGE),)),
    ]


def execution_approval_step(
    *,
    request: Request,
    name: str,
    actor: Any,
    version: int,
    reason: str = "",
    options: dict[str, str] | None = None,
) -> Request:
    """Take the four-eyes step ``name`` (one of ``APPROVAL_STEPS``); the request as it is now."""
    if name == ASK:
        execution_approval_ask(request=request, actor=actor, version=version, options=options)
    elif name == APPROVE:
        return execution_approval_approve(request=request, actor=actor, version=version)
    elif name == REFUSE:
        execution_approval_refuse(request=request, actor=actor, version=version, reason=reason)
    else:
        raise KeyError(name)
    return Request.objects.get(pk=request.pk)
