"""``{% four_eyes ticket %}``: the four-eyes state of the execution on the staff request page."""

from __future__ import annotations

from typing import Any

from django import template

from lifecycle.models import Request
from lifecycle.services.four_eyes import (
    execution_approval_pending,
    execution_could_be_asked_by,
    four_eyes_required,
)
from users import roles

register = template.Library()


@register.inclusion_tag("helpdesk/backoffice/partials/four_eyes.html", takes_context=True)
def four_eyes(context: template.Context, ticket: Request) -> dict[str, Any]:
    if not four_eyes_required(ticket):
        return {"required": False}
    user = context["request"].user
    pending = execution_approval_pending(ticket)
    return {
        "required": True,
        "ticket": ticket,
        "pending": pending,
        "can_ask": pending is None and execution_could_be_asked_by(ticket, user),
        "can_approve": pending is not None
        and pending.requested_by_id != user.pk
        and roles.is_technician(user),
        "csrf_token": context.get("csrf_token"),
        # The type's execute fields (e.g. the liquidator's named administrator) go with the ask.
        "type_panel": context.get("type_panel"),
    }
