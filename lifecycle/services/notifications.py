"""E-mails to the requester on each public status change, sent through the outbox."""

from __future__ import annotations

from lifecycle.models import Message, Request, TransitionLog
from outbox.services import effect_enqueue

STATUS_EMAIL = "email.request_status"


def status_email_enqueue(*, request: Request, log: TransitionLog, message: Message | None) -> None:
    """Record the e-mail in the transition's transaction; the outbox sends it after commit."""
    effect_enqueue(
        kind=STATUS_EMAIL,
        idempotency_key=f"{STATUS_EMAIL}:{log.pk}",
        payload={
            "request_id": request.pk,
            "transition": log.name,
            "status": str(request.public_status.value),
            "outcome": request.outcome,
            "message_id": message.pk if message else None,
        },
        subject_ref=request.subject_ref,
    )
