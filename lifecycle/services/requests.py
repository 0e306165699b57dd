"""The request's business actions: filing and every transition of its lifecycle.

Each verb validates its input, then calls ``transition_run`` which locks the row, checks state,
role and conditions, runs the model's transition, saves, logs and records the side effects in
one transaction. Pages, the API and tasks all call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from common.identifiers import clean_siret
from lifecycle import machine, registry
from lifecycle.errors import Forbidden, InvalidInput, TransitionRefused
from lifecycle.machine import SYSTEM, Outcome, State
from lifecycle.models import Request, RequestCounter, TransitionLog
from lifecycle.services import attachments as attachment_services
from lifecycle.services import messages as message_services
from lifecycle.services import notifications
from lifecycle.services.transitions import transition_run
from outbox.services import effect_enqueue
from users import roles

CORE_ACTION = "request.core_action"


def _required(text: str, code: str = "message_required") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(code, _("Un message est nécessaire pour cette action."))
    return text


def _next_number(year: int) -> str:
    RequestCounter.objects.get_or_create(year=year)
    RequestCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = RequestCounter.objects.select_for_update().get(year=year).last
    return f"DEM-{year}-{last:06d}"


def request_file(
    *,
    requester: Any,
    type_key: str,
    description: str,
    siret: str = "",
    theme: str = "",
    subtheme: str = "",
    subject: str = "",
    data: dict[str, Any] | None = None,
    files: Sequence[File] = (),
) -> Request:
    """File a request (already validated by the type's form): submitted, logged, acknowledged."""
    try:
        request_type = registry.get_type(type_key)
    except KeyError as exc:
        raise InvalidInput("unknown_type", _("Ce type de demande n'existe pas.")) from exc
    if siret:
        try:
            siret = clean_siret(siret)
        except ValidationError as exc:
            raise InvalidInput("invalid_siret", exc.messages[0]) from exc
    description = _required(description)
    checked = attachment_services.attachments_check(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = machine.now()
            request = Request.objects.create(
                number=_next_number(now.year),
                type_key=type_key,
                requester=requester,
                siret=siret,
                theme=theme or request_type.theme,
                subtheme=subtheme or request_type.subtheme,
                subject=subject or request_type.subject,
                data=data or {},
                filed_at=now,
            )
            log = TransitionLog.objects.create(
                request=request,
                name="file",
                from_state="",
                to_state=request.state,
                actor=requester,
                actor_role=machine.Role.REQUESTER,
                at=now,
            )
            message = message_services.message_record(
                request=request,
                author=requester,
                body=description,
                visibility="public",
                at=now,
            )
            for upload, result in checked:
                attachment_services.attachment_store(
                    request=request,
                    message=message,
                    uploaded_by=requester,
                    upload=upload,
                    checked=result,
                    at=now,
                    stored=stored,
                )
            request_type.after_transition("file", request, actor=requester, log=log)
            notifications.status_email_enqueue(request=request, log=log, message=None)
    except BaseException:
        attachment_services.attachments_discard(stored)
        raise
    return request


def request_take(
    *, request: Request, actor: Any, comment: str = "", version: int | None = None
) -> Request:
    """A technician takes the request (or resumes his own after the requester's answer)."""
    return _run(request, "take", actor, version, lambda r: r.take(technician=actor), comment)


def request_take_next(*, actor: Any, type_key: str = "") -> Request | None:
    """Claim the oldest unassigned submitted request (of a type) for ``actor``; None if none.

    Candidates locked by another technician's claim are skipped (``SKIP LOCKED``), so
    technicians claiming at the same time each get a different request.
    """
    with transaction.atomic():
        queue = Request.objects.filter(state=State.SUBMITTED, assignee__isnull=True)
        if type_key:
            queue = queue.filter(type_key=type_key)
        candidate = queue.order_by("filed_at", "id").select_for_update(skip_locked=True).first()
        if candidate is None:
            return None
        return request_take(request=candidate, actor=actor)


def request_assign(
    *,
    request: Request,
    actor: Any,
    technician: Any,
    comment: str = "",
    version: int | None = None,
) -> Request:
    """A supervisor assigns (or reassigns) the request to a technician."""
    if technician is None or not roles.is_technician(technician):
        raise InvalidInput("not_a_technician", _("Choisissez un technicien du guichet."))
    return _run(
        request, "assign", actor, version, lambda r: r.assign(technician=technician), comment
    )


def request_ask_info(
    *,
    request: Request,
    actor: Any,
    message: str,
    files: Sequence[File] = (),
    version: int | None = None,
) -> Request:
    """Ask the requester for information or a document; the SLA clock pauses."""
    message = _required(message)
    return _run(
        request, "request_info", actor, version, lambda r: r.request_info(), "", message, files
    )


def request_answer(
    *,
    request: Request,
    actor: Any,
    message: str,
    files: Sequence[File] = (),
    version: int | None = None,
) -> Request:
    """The requester answers a request awaiting him: it becomes "Mis à jour"."""
    message = _required(message)
    return _run(request, "answer", actor, version, lambda r: r.answer(), "", message, files)


def request_execute(
    *, request: Request, actor: Any, comment: str = "", version: int | None = None
) -> Request:
    """Send the type's core action: an outbox effect in the same transaction."""

    def apply(locked: Request) -> None:
        locked.execute(effect_key=f"{CORE_ACTION}:{locked.pk}:{locked.version + 1}")

    def enqueue(locked: Request, log: TransitionLog) -> None:
        effect_enqueue(
            kind=CORE_ACTION,
            key=locked.pending_effect_key,
            payload={"request_id": locked.pk, "type": locked.type_key},
            subject_ref=locked.subject_ref,
        )

    result = transition_run(
        request=request,
        name="execute",
        actor=actor,
        apply=apply,
        comment=comment,
        expected_version=request.version if version is None else version,
        after=enqueue,
    )
    assert result is not None
    return result


def request_core_succeeded(
    *, request_id: int, effect_key: str, result: dict[str, Any] | None = None
) -> Request | None:
    """The core confirmed the action: resolved (done). A no-op if already handled."""
    request = Request(pk=request_id)
    now = machine.now()

    def message_of() -> str:
        locked = Request.objects.get(pk=request_id)
        return locked.request_type.resolution_message(locked, result or {})

    return transition_run(
        request=request,
        name="core_succeeded",
        actor=SYSTEM,
        apply=lambda r: r.core_succeeded(at=now),
        guard=lambda r: r.state == State.EXECUTING and r.pending_effect_key == effect_key,
        public_message=message_of(),
    )


def request_core_failed(*, request_id: int, effect_key: str, error: str) -> Request | None:
    """The action failed for good: the request goes back to its technician with the error."""
    error = error or _("L'action sur le compte a échoué.")
    return transition_run(
        request=Request(pk=request_id),
        name="core_failed",
        actor=SYSTEM,
        apply=lambda r: r.core_failed(error=error),
        comment=error,
        guard=lambda r: r.state == State.EXECUTING and r.pending_effect_key == effect_key,
    )


def request_resolve(
    *,
    request: Request,
    actor: Any,
    outcome: str,
    message: str,
    version: int | None = None,
) -> Request:
    """Answer and resolve: done, non compliant or refused, with the reason in the message."""
    if outcome not in Outcome.values:
        raise InvalidInput("outcome_required", _("Choisissez l'issue de la demande."))
    message = _required(message)
    if outcome == Outcome.DONE and request.request_type.core_action:
        raise TransitionRefused(
            "core_action_required",
            _(
                "Cette demande se traite par l'action sur le compte : "
                "utilisez « Exécuter sur le compte »."
            ),
        )
    now = machine.now()
    return _run(
        request,
        "resolve",
        actor,
        version,
        lambda r: r.resolve(outcome=outcome, at=now),
        "",
        message,
    )


def request_reopen(
    *,
    request: Request,
    actor: Any,
    reason: str,
    files: Sequence[File] = (),
    version: int | None = None,
) -> Request:
    """The requester reopens a resolved request within the window; it returns to the queue."""
    reason = _required(reason, "reason_required")
    return _run(request, "reopen", actor, version, lambda r: r.reopen(), reason, reason, files)


def request_close_due(*, limit: int = 500) -> int:
    """Close the requests resolved more than GUICHET_AUTO_CLOSE_DAYS ago. Returns how many.

    Each row is claimed under ``SELECT … FOR UPDATE SKIP LOCKED`` and its state checked again,
    so two scans running at once close each request once.
    """
    cutoff = machine.now() - timedelta(days=settings.GUICHET_AUTO_CLOSE_DAYS)
    due = Request.objects.filter(state=State.RESOLVED, resolved_at__lte=cutoff)
    closed = 0

    def close_now(request: Request) -> None:
        request.close(at=machine.now())

    for pk in due.order_by("resolved_at").values_list("pk", flat=True)[:limit]:
        done = transition_run(
            request=Request(pk=pk),
            name="close",
            actor=SYSTEM,
            apply=close_now,
            guard=lambda r: r.state == State.RESOLVED,
            skip_locked=True,
        )
        closed += done is not None
    return closed


def _run(
    request: Request,
    name: str,
    actor: Any,
    version: int | None,
    apply: Any,
    comment: str = "",
    public_message: str = "",
    files: Sequence[File] = (),
) -> Request:
    result = transition_run(
        request=request,
        name=name,
        actor=actor,
        apply=apply,
        comment=comment,
        expected_version=request.version if version is None else version,
        public_message=public_message,
        files=files,
    )
    assert result is not None  # only guarded or skip-locked runs return None
    return result


HUMAN_TRANSITIONS = ("take", "assign", "request_info", "answer", "execute", "resolve", "reopen")


def request_transition(
    *,
    request: Request,
    name: str,
    actor: Any,
    version: int | None = None,
    comment: str = "",
    message: str = "",
    outcome: str = "",
    technician: Any = None,
    files: Sequence[File] = (),
) -> Request:
    """Run a human transition by name (the API and the pages call this)."""
    if name == "take":
        return request_take(request=request, actor=actor, comment=comment, version=version)
    if name == "assign":
        return request_assign(
            request=request, actor=actor, technician=technician, comment=comment, version=version
        )
    if name == "request_info":
        return request_ask_info(
            request=request, actor=actor, message=message, files=files, version=version
        )
    if name == "answer":
        return request_answer(
            request=request, actor=actor, message=message, files=files, version=version
        )
    if name == "execute":
        return request_execute(request=request, actor=actor, comment=comment, version=version)
    if name == "resolve":
        return request_resolve(
            request=request, actor=actor, outcome=outcome, message=message, version=version
        )
    if name == "reopen":
        return request_reopen(
            request=request, actor=actor, reason=message, files=files, version=version
        )
    raise Forbidden("forbidden", _("Cette action est réservée au guichet lui-même."))
