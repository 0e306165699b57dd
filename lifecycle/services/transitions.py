"""The one path every transition takes: lock, check, transition, save, log, effects.

The public verbs (``request_take``, ``request_resolve``…) live in ``lifecycle.services.requests``
and call ``transition_run``; pages and the API show ``transitions_allowed``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from lifecycle import machine
from lifecycle.errors import Conflict, Forbidden, TransitionRefused
from lifecycle.machine import PUBLIC_STATUS, SYSTEM, TRANSITIONS, Role, State, TransitionSpec
from lifecycle.models import Message, Request, TransitionLog
from lifecycle.services import attachments as attachment_services
from lifecycle.services import messages as message_services
from lifecycle.services import notifications


def transition_check(request: Request, name: str, actor: Any) -> None:
    """Raise why ``actor`` cannot run transition ``name`` on ``request`` now; None if he can."""
    spec = TRANSITIONS[name]
    if request.state not in spec.sources:
        raise TransitionRefused(
            "invalid_state",
            _("Action « %(action)s » impossible : la demande est « %(state)s ».")
            % {"action": spec.label, "state": State(request.state).label},
        )
    if not machine.permission_for(spec)(request, actor):
        raise Forbidden(
            "forbidden",
            _("Vous n'êtes pas autorisé à effectuer l'action « %(action)s » sur cette demande.")
            % {"action": spec.label},
        )
    for condition in spec.all_conditions:
        refusal = condition.refusal(request)
        if refusal is not None:
            raise TransitionRefused(refusal.code, refusal.message)


def transitions_allowed(request: Request, actor: Any) -> list[TransitionSpec]:
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


def transition_run(
    *,
    request: Request,
    name: str,
    actor: Any,
    apply: Callable[[Request], None],
    comment: str = "",
    expected_version: int | None = None,
    public_message: str = "",
    files: Sequence[File] = (),
    guard: Callable[[Request], bool] | None = None,
    after: Callable[[Request, TransitionLog], None] | None = None,
    skip_locked: bool = False,
) -> Request | None:
    """Run transition ``name`` in one transaction and return the updated request.

    ``apply`` calls the model's transition method. ``expected_version`` (the version the actor
    saw) turns a stale action into a ``Conflict``. ``guard`` (system transitions) and
    ``skip_locked`` (periodic scans) make the call a no-op returning None instead of raising.
    ``public_message`` and ``files`` are posted to the thread as part of the transition.
    """
    checked = attachment_services.attachments_check(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            rows = Request.objects.select_for_update(skip_locked=skip_locked).filter(pk=request.pk)
            locked = rows.first()
            if locked is None:
                return None
            if guard is not None and not guard(locked):
                return None
            if expected_version is not None and locked.version != expected_version:
                raise Conflict()
            transition_check(locked, name, actor)
            source = locked.state
            role = machine.acting_role(locked, actor, TRANSITIONS[name])
            apply(locked)
            locked.version += 1
            locked.save()
            now = machine.now()
            log = TransitionLog.objects.create(
                request=locked,
                name=name,
                from_state=source,
                to_state=locked.state,
                actor=None if actor is SYSTEM else actor,
                actor_role=role or "",
                comment=comment,
                at=now,
            )
            message: Message | None = None
            if public_message or checked:
                message = message_services.message_record(
                    request=locked,
                    author=None if actor is SYSTEM else actor,
                    body=public_message,
                    visibility=Message.Visibility.PUBLIC,
                    at=now,
                )
                for upload, result in checked:
                    attachment_services.attachment_store(
                        request=locked,
                        message=message,
                        uploaded_by=actor,
                        upload=upload,
                        checked=result,
                        at=now,
                        stored=stored,
                    )
            if after is not None:
                after(locked, log)
            locked.request_type.after_transition(name, locked, actor=actor, log=log)
            if PUBLIC_STATUS[State(source)] != locked.public_status:
                notifications.status_email_enqueue(request=locked, log=log, message=message)
    except BaseException:
        attachment_services.attachments_discard(stored)
        raise
    return locked
