"""The thread of a request: staff replies and internal notes, and the requester's additions.

When the desk waits for him, or once it is resolved, the requester writes through transitions
(``request_answer``, ``request_reopen``) so that his words move the request back into the queue.
While the request is otherwise open (« Non résolu », « Mis à jour ») he completes it with
``message_add_by_requester``: a message and documents, without a change of state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from lifecycle import machine
from lifecycle.errors import Forbidden, InvalidInput, TransitionRefused
from lifecycle.machine import OPEN_STATES, State
from lifecycle.models import Message, Request
from lifecycle.services import attachments as attachment_services
from lifecycle.services.sla import request_sla_refresh
from users import roles


def message_record(
    *, request: Request, author: Any, body: str, visibility: str, at: datetime
) -> Message:
    """Write one message (inside the caller's transaction) and stamp the first response."""
    message = Message.objects.create(
        request=request, author=author, body=body, visibility=visibility, created_at=at
    )
    is_requester = author is not None and author.pk == request.requester_id
    if (
        visibility == Message.Visibility.PUBLIC
        and not is_requester
        and request.first_response_at is None
    ):
        request.first_response_at = at
        request.save(update_fields=["first_response_at", "updated_at"])
    return message


def message_post(
    *,
    request: Request,
    author: Any,
    body: str,
    internal: bool,
    files: Sequence[File[bytes]] = (),
) -> Message:
    """A technician's public reply (no status change) or internal note (staff only).

    A closed request is read-only: it takes neither.
    """
    if not roles.is_staff_member(author):
        raise Forbidden("forbidden", _("Seule l'équipe du guichet peut écrire ici."))
    body = (body or "").strip()
    if not body:
        raise InvalidInput("message_required", _("Le message ne peut pas être vide."))
    checked = attachment_services.attachments_check(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Request.objects.select_for_update().get(pk=request.pk)
            if locked.state == State.CLOSED:
                raise TransitionRefused(
                    "request_closed", _("La demande est close : elle n'accepte plus de message.")
                )
            now = machine.now()
            visibility = Message.Visibility.INTERNAL if internal else Message.Visibility.PUBLIC
            message = message_record(
                request=locked, author=author, body=body, visibility=visibility, at=now
            )
            for upload, result in checked:
                attachment_services.attachment_store(
                    request=locked,
                    message=message,
                    uploaded_by=author,
                    upload=upload,
                    checked=result,
                    at=now,
                    stored=stored,
                )
            if not internal:  # a public reply stops the first-response clock
                request_sla_refresh(request=locked, now=now)
    except BaseException:
        attachment_services.attachments_discard(stored)
        raise
    return message


def message_add_by_requester(
    *, request: Request, author: Any, body: str, files: Sequence[File[bytes]] = ()
) -> Message:
    """The requester adds a message (and documents) to his open request; its state stays.

    Refused when the desk waits for his answer (``request_answer`` moves the request back to
    the queue then) and once the request is resolved or closed (he reopens it instead).
    """
    if author is None or author.pk != request.requester_id:
        raise Forbidden("forbidden", _("Seul le demandeur peut compléter sa demande."))
    body = (body or "").strip()
    if not body:
        raise InvalidInput("message_required", _("Le message ne peut pas être vide."))
    checked = attachment_services.attachments_check(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Request.objects.select_for_update().get(pk=request.pk)
            if locked.state == State.AWAITING_REQUESTER:
                raise TransitionRefused(
                    "answer_expected",
                    _("Le guichet attend votre réponse : utilisez « Répondre au guichet »."),
                )
            if locked.state not in OPEN_STATES:
                raise TransitionRefused(
                    "request_not_open",
                    _(
                        "La demande n'est plus en cours : rouvrez-la ou déposez une nouvelle "
                        "demande."
                    ),
                )
            now = machine.now()
            message = message_record(
                request=locked,
                author=author,
                body=body,
                visibility=Message.Visibility.PUBLIC,
                at=now,
            )
            for upload, result in checked:
                attachment_services.attachment_store(
                    request=locked,
                    message=message,
                    uploaded_by=author,
                    upload=upload,
                    checked=result,
                    at=now,
                    stored=stored,
                )
            locked.save(update_fields=["updated_at"])
    except BaseException:
        attachment_services.attachments_discard(stored)
        raise
    return message
