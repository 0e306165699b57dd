"""The lifecycle's side effects, performed by the outbox after commit.

Handlers take the effect, re-read the request, and are idempotent: the core receives the
effect's key as its idempotency key, and a confirmation for an effect that is no longer the
pending one changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from common.emails import send_email
from lifecycle.machine import Outcome, PublicStatus, State
from lifecycle.models import Message, Request
from lifecycle.services import requests as request_services
from lifecycle.services.notifications import STATUS_EMAIL
from outbox.registry import effect_handler


def core_action_dead(effect: Any) -> None:
    """After the last retry: back to the technician, with the error shown on the request."""
    request_services.request_core_failed(
        request_id=effect.payload["request_id"],
        idempotency_key=effect.idempotency_key,
        error=str(getattr(effect, "last_error", "") or ""),
    )


@effect_handler(request_services.CORE_ACTION, on_dead=core_action_dead)
def core_action_perform(effect: Any) -> dict[str, Any] | None:
    request = Request.objects.get(pk=effect.payload["request_id"])
    if (
        request.state != State.EXECUTING
        or request.pending_idempotency_key != effect.idempotency_key
    ):
        return {"skipped": "not pending"}
    result = request.request_type.perform_core_action(
        request, idempotency_key=effect.idempotency_key
    )
    request_services.request_core_succeeded(
        request_id=request.pk, idempotency_key=effect.idempotency_key, result=result
    )
    return result


def request_url(request: Request) -> str:
    return settings.GUICHET_BASE_URL + reverse("helpdesk:request_detail", args=[request.number])


@effect_handler(STATUS_EMAIL)
def status_email_send(effect: Any) -> dict[str, Any] | None:
    request = Request.objects.select_related("requester").get(pk=effect.payload["request_id"])
    message_id = effect.payload.get("message_id")
    message = Message.objects.filter(pk=message_id).first() if message_id else None
    status = PublicStatus(effect.payload["status"])
    outcome = effect.payload.get("outcome") or ""
    send_email(
        "request_status",
        to=[request.requester.email],
        context={
            "request": request,
            "requester": request.requester,
            "transition": effect.payload.get("transition", ""),
            "status": status,
            "status_label": status.label,
            "outcome": outcome,
            "outcome_label": Outcome(outcome).label if outcome in Outcome.values else "",
            "message": message.body if message else "",
            "message_is_theirs": bool(message and message.author_id == request.requester_id),
            "request_url": request_url(request),
            "reopen_days": settings.GUICHET_REOPEN_WINDOW_DAYS,
        },
        headers={"X-Guichet-Request": request.number},
    )
    return {"to": "requester"}
