"""The steps every transition takes, for the business actions of ``lifecycle.services.requests``.

An action reads top to bottom, inside one transaction::

    with uploads_checked(files) as uploads, transaction.atomic():
        step = transition_begin(request=request, name="answer", actor=actor, version=version)
        step.request.answer()                      # the model's transition: state and fields
        transition_commit(step, message=message, uploads=uploads)

``transition_begin`` locks the row and checks the version, the state, the actor's role and the
conditions (once: the FSM decorators only guard the graph). ``transition_commit`` saves, writes
the history row, posts the message and its files, runs the type's hook and records the status
e-mail. Pages and the API show ``transitions_allowed``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from documents import CheckedUpload
from lifecycle import machine
from lifecycle.errors import Forbidden, StaleVersion, TransitionRefused
from lifecycle.machine import (
    PUBLIC_STATUS,
    TRANSITIONS,
    Actor,
    Role,
    State,
    SystemActor,
    TransitionSpec,
)
from lifecycle.models import Message, Request, TransitionLog
from lifecycle.selectors import sla_alert_counts_forget
from lifecycle.selectors_queues import queue_counts_forget
from lifecycle.services import attachments as attachment_services
from lifecycle.services import messages as message_services
from lifecycle.services import notifications
from lifecycle.services.sla import request_sla_refresh


def transition_check(request: Request, name: str, actor: Actor) -> None:
    """Raise why ``actor`` cannot run transition ``name`` on ``request`` now; None if he can."""
    spec = TRANSITIONS[name]
    if request.state not in spec.sources:
        raise TransitionRefused(
            "invalid_state",
            _("Action « %(action)s » impossible : la demande est « %(state)s ».")
            % {"action": spec.label, "state": State(request.state).label},
        )
    if machine.acting_role(request, actor, spec) is None:
        raise Forbidden(
            "forbidden",
            _("Vous n'êtes pas autorisé à effectuer l'action « %(action)s » sur cette demande.")
            % {"action": spec.label},
        )
    for condition in spec.all_conditions:
        refusal = condition.refusal(request)
        if refusal is not None:
            raise TransitionRefused(refusal.code, refusal.message)


def transitions_allowed(request: Request, actor: Actor) -> list[TransitionSpec]:
    """Exactly the transitions ``actor`` may run on ``request`` now (the buttons to show)."""
    allowed = []
    for spec in machine.transitions_from(request.state):
        if Role.SYSTEM in spec.roles:
            continue
        try:
            transition_check(request, spec.name, actor)
        except (TransitionRefused, Forbidden):
            continue
        allowed.append(spec)
    return allowed


@dataclass
class Uploads:
    """Files checked before the transaction; what got stored is removed if it rolls back."""

    checked: list[tuple[File[bytes], CheckedUpload]]
    stored: list[str] = field(default_factory=list)


@contextmanager
def uploads_checked(files: Sequence[File[bytes]] = ()) -> Iterator[Uploads]:
    """Check every file first (raises ``UploadRefused`` before anything is written); on any
    error inside the block, delete the files already stored (no orphan file)."""
    uploads = Uploads(checked=attachment_services.attachments_check(files))
    try:
        yield uploads
    except BaseException:
        attachment_services.attachments_discard(uploads.stored)
        raise


@dataclass
class TransitionStep:
    """A transition under way: the locked request, who acts and in which role, from where."""

    request: Request
    name: str
    actor: Actor
    role: Role
    source: State
    assignee_before: int | None = None


def transition_begin(
    *,
    request: Request,
    name: str,
    actor: Actor,
    version: int | None = None,
    skip_locked: bool = False,
) -> TransitionStep | None:
    """Lock the request and check that ``actor`` may run ``name`` on it now.

    ``version`` (the one the actor saw) turns a stale action into ``StaleVersion``. Returns
    None only when the row is gone or, with ``skip_locked`` (periodic scans), locked by another.
    Must run inside the caller's transaction.
    """
    locked = Request.objects.select_for_update(skip_locked=skip_locked).filter(pk=request.pk)
    current = locked.first()
    if current is None:
        return None
    if version is not None and current.version != version:
        raise StaleVersion()
    transition_check(current, name, actor)
    role = machine.acting_role(current, actor, TRANSITIONS[name])
    assert role is not None  # transition_check refused otherwise
    return TransitionStep(
        request=current,
        name=name,
        actor=actor,
        role=role,
        source=State(current.state),
        assignee_before=current.assignee_id,
    )


def transition_commit(
    step: TransitionStep,
    *,
    comment: str = "",
    message: str = "",
    uploads: Uploads | None = None,
    details: dict[str, Any] | None = None,
) -> TransitionLog:
    """Save the moved request, write its history row (with ``details``: what the core
    returned, for instance), post ``message`` and the files, run the type's hook and record the
    status e-mail when the public status changed. Inside the caller's transaction."""
    request, actor = step.request, step.actor
    author = None if isinstance(actor, SystemActor) else actor
    request.version += 1
    request.save()
    now = machine.now()
    log = TransitionLog.objects.create(
        request=request,
        name=step.name,
        from_state=step.source,
        to_state=request.state,
        actor=author,
        actor_role=step.role,
        comment=comment,
        details=details or {},
        at=now,
    )
    posted: Message | None = None
    checked = uploads.checked if uploads is not None else []
    if message or checked:
        posted = message_services.message_record(
            request=request, author=author, body=message, visibility="public", at=now
        )
        for upload, result in checked:
            attachment_services.attachment_store(
                request=request,
                message=posted,
                uploaded_by=actor,
                upload=upload,
                checked=result,
                at=now,
                stored=uploads.stored if uploads is not None else [],
            )
    request.request_type.after_transition(step.name, request, actor=actor, log=log)
    request_sla_refresh(request=request, now=now)
    if PUBLIC_STATUS[step.source] != request.public_status:
        notifications.status_email_enqueue(request=request, log=log, message=posted)
    # robust: the move is committed; a cache that fails to forget must not fail the request.
    transaction.on_commit(partial(_desk_figures_forget, step, author), robust=True)
    return log


def _desk_figures_forget(step: TransitionStep, author: Any) -> None:
    """The kept figures this move changed: the side-menu counts of the one who acted and of the
    assignees before and after, and the staff banner (``common.short_cache``)."""
    queue_counts_forget(getattr(author, "pk", None), step.assignee_before, step.request.assignee_id)
    sla_alert_counts_forget()
