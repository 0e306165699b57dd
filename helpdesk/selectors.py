"""Reads of the lifecycle, scoped by who asks. Objects outside the scope are simply absent
(the views answer 404, never 403)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from helpdesk.models import Attachment, Message, Request, TransitionLog
from outbox.selectors import effects_for_subject
from users import roles

FAILED_EFFECT_STATUSES = frozenset({"dead", "failed"})


def requests_visible_to(user: Any) -> QuerySet[Request]:
    """Staff see every request; a requester sees his own."""
    requests = Request.objects.select_related("requester", "assignee")
    if roles.is_staff_member(user):
        return requests
    return requests.filter(requester_id=user.pk)


def request_get(*, user: Any, number: str) -> Request | None:
    return requests_visible_to(user).filter(number=number).first()


def backoffice_requests(*, type_key: str = "", state: str = "") -> QuerySet[Request]:
    """The staff list, newest first, optionally filtered by type and state."""
    requests = Request.objects.select_related("requester", "assignee").order_by("-filed_at", "-id")
    if type_key:
        requests = requests.filter(type_key=type_key)
    if state:
        requests = requests.filter(state=state)
    return requests


def request_thread(*, request: Request, user: Any) -> QuerySet[Message]:
    """The messages ``user`` may read: internal notes are for staff only."""
    messages = request.messages.select_related("author").prefetch_related("attachments")
    if roles.is_staff_member(user):
        return messages
    return messages.filter(visibility=Message.Visibility.PUBLIC)


def request_attachments(*, request: Request, user: Any) -> QuerySet[Attachment]:
    attachments = request.attachments.select_related("message")
    if roles.is_staff_member(user):
        return attachments
    return attachments.exclude(message__visibility=Message.Visibility.INTERNAL)


def request_history(*, request: Request) -> QuerySet[TransitionLog]:
    return request.transitions.select_related("actor")


def request_effects(*, request: Request) -> list[Any]:
    """The request's outbox effects (core action, e-mails), oldest first."""
    return list(effects_for_subject(request.subject_ref))


def request_failed_effects(*, request: Request) -> list[Any]:
    """Side effects that died after their last retry, shown on the staff page."""
    return [
        effect
        for effect in request_effects(request=request)
        if str(getattr(effect, "status", "")) in FAILED_EFFECT_STATUSES
    ]
