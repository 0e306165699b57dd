"""The lifecycle's side effects, performed by the outbox after commit.

Handlers take the effect, re-read the request, and are idempotent: the core receives the
effect's key as its idempotency key, and a confirmation for an effect that is no longer the
pending one changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from common.emails import send_email
from lifecycle.machine import Outcome, PublicStatus, State
from lifecycle.models import Message, Request
from lifecycle.services import requests as request_services
from lifecycle.services.notifications import STATUS_EMAIL
from lifecycle.services.sla_scan import BREACH, SLA_ALERT_EMAIL, sla_alert_recipients
from outbox.registry import effect_handler


def core_action_dead(effect: Any) -> None:
    """After the last retry: back to the technician, with the error shown on the request."""
    request_services.request_core_failed(
        request_id=effect.payload["request_id"],
        idempotency_key=effect.idempotency_key,
        error=str(getattr(effect, "last_error", "") or ""),
    )


def core_action_retry_refusal(effect: Any) -> str | None:
    """A dead core action runs again only while its request still waits for it.

    Once dead, the request went back to its technician (``core_action_dead``): the effect would
    be skipped. The technician re-executes from the request, after checking the cause.
    """
    request = Request.objects.filter(pk=effect.payload.get("request_id")).first()
    if request is None:
        return gettext("La demande de cet effet n'existe plus : il ne peut pas être relancé.")
    if (
        request.state == State.EXECUTING
        and request.pending_idempotency_key == effect.idempotency_key
    ):
        return None
    return gettext(
        "L'effet n'a pas été relancé : après son échec, la demande %(number)s a été rendue au "
        "technicien (état « %(state)s »). Relancez l'action depuis la demande avec « Exécuter "
        "sur le compte », une fois la cause corrigée."
    ) % {"number": request.number, "state": State(request.state).label}


@effect_handler(
    request_services.CORE_ACTION,
    on_dead=core_action_dead,
    retry_refusal=core_action_retry_refusal,
)
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


def backoffice_url(request: Request) -> str:
    return settings.GUICHET_BASE_URL + reverse("helpdesk:backoffice_detail", args=[request.number])


@effect_handler(SLA_ALERT_EMAIL)
def sla_alert_send(effect: Any) -> dict[str, Any] | None:
    """An at-risk warning or a breach escalation to the staff (lifecycle.services.sla_scan)."""
    request = Request.objects.select_related("assignee").get(pk=effect.payload["request_id"])
    alert = effect.payload["alert"]
    to = sla_alert_recipients(request=request, kind=alert)
    if not to:
        return {"skipped": "nobody to warn"}
    send_email(
        "sla_alert",
        to=to,
        context={
            "request": request,
            "breach": alert == BREACH,
            "type_label": request.request_type.label,
            "assignee": request.assignee,
            "request_url": backoffice_url(request),
        },
        headers={"X-Guichet-Request": request.number},
    )
    return {"to": len(to), "alert": alert}
