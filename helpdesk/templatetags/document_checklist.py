"""``{% document_checklist ticket %}``: the type's checklist on the staff request page."""

from __future__ import annotations

from typing import Any

from django import template

from lifecycle.machine import OPEN_STATES
from lifecycle.models import Request
from lifecycle.selectors_checklist import request_checklist

register = template.Library()


@register.inclusion_tag("helpdesk/backoffice/partials/checklist.html", takes_context=True)
def document_checklist(context: template.Context, ticket: Request) -> dict[str, Any]:
    return {
        "ticket": ticket,
        "items": request_checklist(request=ticket),
        "editable": ticket.state in OPEN_STATES,
        "csrf_token": context.get("csrf_token"),
    }
