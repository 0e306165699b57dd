"""The thread of a request: staff replies and internal notes.

The requester writes through transitions (``request_answer``, ``request_reopen``) so that his
words always move the request back into the queue.
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
from lifecycle.machine import State
from lifecycle.models import Message, Request
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
    files: Sequence[File] = (),
) -> Message:
    """A technician's public reply (no status change) or internal note (staff only).

    A closed request is read-only: it takes neither.
    """
    from lifecycle.services import attachments as attachment_services

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
