"""The request's business actions: filing and every transition of its lifecycle.

Each action reads top to bottom in one transaction: lock and check (``transition_begin``), the
model's transition (state and fields only), then save, history row, message, files and the
status e-mail (``transition_commit``), then the action's own effects in the outbox. Pages, the
API, admin actions and tasks all call these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.identifiers import clean_siret
from lifecycle import machine, registry
from lifecycle.errors import (
    DuplicateOpenRequest,
    Forbidden,
    InvalidInput,
    NotVisible,
    TransitionRefused,
)
from lifecycle.machine import SYSTEM, TRANSITIONS, Actor, Outcome, Role, State
from lifecycle.models import Request, TransitionLog
from lifecycle.selectors import request_open_with_key
from lifecycle.services import attachments as attachment_services
from lifecycle.services import messages as message_services
from lifecycle.services import notifications
from lifecycle.services.history import history_core_result
from lifecycle.services.numbers import request_number_next
from lifecycle.services.sla import request_sla_at_filing
from lifecycle.services.transitions import (
    TransitionStep,
    transition_begin,
    transition_commit,
    uploads_checked,
)
from outbox.services import effect_enqueue
from users import roles

if TYPE_CHECKING:
    from users.models import User

CORE_ACTION = "request.core_action"


def _required(text: str, code: str = "message_required") -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(code, _("Un message est nécessaire pour cette action."))
    return text


def request_file(
    *,
    requester: User,
    type_key: str,
    description: str,
    siret: str = "",
    theme: str = "",
    subtheme: str = "",
    subject: str = "",
    data: dict[str, Any] | None = None,
    files: Sequence[File[bytes]] = (),
) -> Request:
    """File a request (already validated by the type's form): submitted, logged, acknowledged.

    A type that allows one open request per key (``RequestType.open_key``) gets
    ``DuplicateOpenRequest`` for a second one, also when two filings race (the partial unique
    index on ``(type_key, open_key)`` decides; nothing is filed for the loser).
    """
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
    data = data or {}
    siren = siret[:9] or str(data.get("siren", ""))
    open_key = request_type.open_key(requester=requester, siren=siren, data=data)
    with uploads_checked(files) as uploads, transaction.atomic():
        now = machine.now()
        request = Request(
            number=request_number_next(now.year),
            type_key=type_key,
            requester=requester,
            siret=siret,
            siren=siren,
            open_key=open_key,
            theme=theme or request_type.theme,
            subtheme=subtheme or request_type.subtheme,
            subject=subject or request_type.subject,
            data=data,
            filed_at=now,
        )
        request_sla_at_filing(request=request, now=now)
        try:
            with transaction.atomic():
                request.save(force_insert=True)
        except IntegrityError:
            _raise_if_duplicate(request)
            raise
        log = TransitionLog.objects.create(
            request=request,
            name="file",
            from_state="",
            to_state=request.state,
            actor=requester,
            actor_role=Role.REQUESTER,
            at=now,
        )
        message = message_services.message_record(
            request=request, author=requester, body=description, visibility="public", at=now
        )
        for upload, result in uploads.checked:
            attachment_services.attachment_store(
                request=request,
                message=message,
                uploaded_by=requester,
                upload=upload,
                checked=result,
                at=now,
                stored=uploads.stored,
            )
        request_type.after_transition("file", request, actor=requester, log=log)
        notifications.status_email_enqueue(request=request, log=log, message=None)
    return request


def _raise_if_duplicate(request: Request) -> None:
    """After an IntegrityError: if another open request holds this one's key, say so."""
    if not request.open_key:
        return
    existing = request_open_with_key(
        type_key=request.type_key, open_key=request.open_key, exclude_pk=request.pk
    )
    if existing is not None:
        raise DuplicateOpenRequest(existing_number=existing.number)


def request_take(
    *, request: Request, actor: Actor, comment: str = "", version: int | None = None
) -> Request:
    """A technician takes the request (or resumes his own after the requester's answer)."""
    with transaction.atomic():
        step = _begin(request, "take", actor, version)
        step.request.take(technician=actor)
        transition_commit(step, comment=comment)
    return step.request


def request_take_next(*, actor: Actor, type_key: str = "") -> Request | None:
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


def request_release(
    *, request: Request, actor: Actor, comment: str = "", version: int | None = None
) -> Request:
    """A technician gives his request back: submitted again, unassigned, for anyone to take."""
    with transaction.atomic():
        step = _begin(request, "release", actor, version)
        step.request.release()
        transition_commit(step, comment=comment)
    return step.request


def request_assign(
    *,
    request: Request,
    actor: Actor,
    technician: User | None,
    comment: str = "",
    version: int | None = None,
) -> Request:
    """A supervisor assigns (or reassigns) the request to a technician."""
    if technician is None or not roles.is_technician(technician):
        raise InvalidInput("not_a_technician", _("Choisissez un technicien du guichet."))
    with transaction.atomic():
        step = _begin(request, "assign", actor, version)
        step.request.assign(technician=technician)
        transition_commit(step, comment=comment)
    return step.request


def request_ask_info(
    *,
    request: Request,
    actor: Actor,
    message: str,
    files: Sequence[File[bytes]] = (),
    version: int | None = None,
) -> Request:
    """Ask the requester for information or a document; the SLA clock pauses."""
    message = _required(message)
    with uploads_checked(files) as uploads, transaction.atomic():
        step = _begin(request, "request_info", actor, version)
        step.request.request_info()
        transition_commit(step, message=message, uploads=uploads)
    return step.request


def request_answer(
    *,
    request: Request,
    actor: Actor,
    message: str,
    files: Sequence[File[bytes]] = (),
    version: int | None = None,
) -> Request:
    """The requester answers a request awaiting him: it becomes "Mis à jour"."""
    message = _required(message)
    with uploads_checked(files) as uploads, transaction.atomic():
        step = _begin(request, "answer", actor, version)
        step.request.answer()
        transition_commit(step, message=message, uploads=uploads)
    return step.request


def request_execute(
    *,
    request: Request,
    actor: Actor,
    comment: str = "",
    version: int | None = None,
    options: Mapping[str, Any] | None = None,
) -> Request:
    """Send the type's core action: an outbox effect in the same transaction, whose key is the
    idempotency key the core receives. ``options``: the type's own choices (``execute_options``),
    checked before the transaction and kept on the request's data."""
    chosen = request.request_type.execute_options(request, options or {})
    with transaction.atomic():
        step = _begin(request, "execute", actor, version)
        locked = step.request
        if chosen:
            locked.data = {**locked.data, **chosen}
        locked.execute(idempotency_key=f"{CORE_ACTION}:{locked.pk}:{locked.version + 1}")
        transition_commit(step, comment=comment)
        effect_enqueue(
            kind=CORE_ACTION,
            idempotency_key=locked.pending_idempotency_key,
            payload={"request_id": locked.pk, "type": locked.type_key},
            subject_ref=locked.subject_ref,
        )
    return locked


def request_core_succeeded(
    *, request_id: int, idempotency_key: str, result: dict[str, Any] | None = None
) -> Request | None:
    """The core confirmed the action: resolved (done), what the core returned kept in the
    history row. A no-op if this effect was already handled."""
    with transaction.atomic():
        step = _begin_system(Request(pk=request_id), "core_succeeded")
        if step is None or step.request.pending_idempotency_key != idempotency_key:
            return None
        locked = step.request
        message = locked.request_type.resolution_message(locked, result or {})
        locked.core_succeeded(at=machine.now())
        # The history keeps ids and codes only, never a name (lifecycle.services.history).
        details = {"core_result": history_core_result(result)}
        transition_commit(step, message=message, details=details)
    return locked


def request_core_failed(*, request_id: int, idempotency_key: str, error: str) -> Request | None:
    """The action failed for good: the request goes back to its technician with the error."""
    error = error or _("L'action sur le compte a échoué.")
    with transaction.atomic():
        step = _begin_system(Request(pk=request_id), "core_failed")
        if step is None or step.request.pending_idempotency_key != idempotency_key:
            return None
        step.request.core_failed(error=error)
        transition_commit(step, comment=error)
    return step.request


def request_resolve(
    *,
    request: Request,
    actor: Actor,
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
    with transaction.atomic():
        step = _begin(request, "resolve", actor, version)
        step.request.resolve(outcome=outcome, at=machine.now())
        transition_commit(step, message=message)
    return step.request


def request_reopen(
    *,
    request: Request,
    actor: Actor,
    reason: str,
    files: Sequence[File[bytes]] = (),
    version: int | None = None,
) -> Request:
    """The requester reopens a resolved request within the window; it returns to the queue.

    A request of a type that allows one open request per key (``RequestType.open_key``) cannot
    be reopened while another one with that key is open.
    """
    reason = _required(reason, "reason_required")
    with uploads_checked(files) as uploads, transaction.atomic():
        step = _begin(request, "reopen", actor, version)
        step.request.reopen()
        try:
            with transaction.atomic():
                transition_commit(step, comment=reason, message=reason, uploads=uploads)
        except IntegrityError:
            _raise_if_duplicate(step.request)
            raise
    return step.request


def request_close_due(*, limit: int = 500) -> int:
    """Close the requests resolved more than GUICHET_AUTO_CLOSE_DAYS ago. Returns how many.

    Each row is claimed under ``SELECT … FOR UPDATE SKIP LOCKED`` and its state checked again,
    so two scans running at once close each request once.
    """
    cutoff = machine.now() - timedelta(days=settings.GUICHET_AUTO_CLOSE_DAYS)
    due = Request.objects.filter(state=State.RESOLVED, resolved_at__lte=cutoff)
    closed = 0
    for pk in due.order_by("resolved_at").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            step = _begin_system(Request(pk=pk), "close", skip_locked=True)
            if step is None:
                continue
            step.request.close(at=machine.now())
            transition_commit(step)
            closed += 1
    return closed


def _begin(request: Request, name: str, actor: Actor, version: int | None) -> TransitionStep:
    """Begin a person's transition, checked against the version he saw (default: the one
    ``request`` was read at)."""
    step = transition_begin(
        request=request,
        name=name,
        actor=actor,
        version=request.version if version is None else version,
    )
    if step is None:
        raise NotVisible("not_found", _("Cette demande n'existe pas."))
    return step


def _begin_system(
    request: Request, name: str, *, skip_locked: bool = False
) -> TransitionStep | None:
    """Begin a system transition (scans, the outbox); None when the request has moved on or
    the move is not due: a repeated or late call is a no-op, not an error."""
    try:
        return transition_begin(request=request, name=name, actor=SYSTEM, skip_locked=skip_locked)
    except TransitionRefused:
        return None


# The transitions a person triggers, by name: every non-system transition of the table.
HUMAN_TRANSITIONS = tuple(
    name for name, spec in TRANSITIONS.items() if Role.SYSTEM not in spec.roles
)


def request_transition(
    *,
    request: Request,
    name: str,
    actor: Actor,
    version: int | None = None,
    comment: str = "",
    message: str = "",
    outcome: str = "",
    technician: User | None = None,
    files: Sequence[File[bytes]] = (),
    options: Mapping[str, Any] | None = None,
) -> Request:
    """Run a human transition by name (the API and the pages call this); ``options``: the
    type's own fields of ``execute``."""
    if name == "take":
        return request_take(request=request, actor=actor, comment=comment, version=version)
    if name == "release":
        return request_release(request=request, actor=actor, comment=comment, version=version)
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
        return request_execute(
            request=request, actor=actor, comment=comment, version=version, options=options
        )
    if name == "resolve":
        return request_resolve(
            request=request, actor=actor, outcome=outcome, message=message, version=version
        )
    if name == "reopen":
        return request_reopen(
            request=request, actor=actor, reason=message, files=files, version=version
        )
    raise Forbidden("forbidden", _("Cette action est réservée au guichet lui-même."))
