"""``{% four_eyes ticket %}``: the four-eyes state of the execution on the staff request page."""

from __future__ import annotations

from typing import Any

from django import template

from lifecycle.models import Request
from lifecycle.services.four_eyes import (
    APPROVE,
    ASK,
    REFUSE,
    execution_approval_pending,
    execution_approval_steps,
    four_eyes_required,
)

register = template.Library()


@register.inclusion_tag("helpdesk/backoffice/partials/four_eyes.html", takes_context=True)
def four_eyes(context: template.Context, ticket: Request) -> dict[str, Any]:
    if not four_eyes_required(ticket):
        return {"required": False}
    steps = {step.name for step in execution_approval_steps(ticket, context["request"].user)}
    return {
        "required": True,
        "ticket": ticket,
        "pending": execution_approval_pending(ticket),
        "can_ask": ASK in steps,
        "can_approve": APPROVE in steps,
        "can_refuse": REFUSE in steps,
        "csrf_token": context.get("csrf_token"),
        # The type's execute fields (e.g. the liquidator's named administrator) go with the ask.
        "type_panel": context.get("type_panel"),
    }
