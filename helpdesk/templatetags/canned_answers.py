"""The canned answers in the reply box of the staff request page.

``{% canned_answers ticket %}`` offers them (a select; static JS fills the reply box, and
without JS « Insérer » reloads the page with ``?reponse=<id>``); ``{% canned_answer_text
ticket %}`` is the chosen one's text, for the reply box to start with. One query per page.
"""

from __future__ import annotations

from typing import Any

from django import template

from lifecycle.canned import OfferedAnswer, canned_answers_for
from lifecycle.models import Request

register = template.Library()


def _offered(context: template.Context, ticket: Request) -> list[OfferedAnswer]:
    cache = context.render_context
    key = f"canned_answers:{ticket.pk}"
    if key not in cache:
        cache[key] = canned_answers_for(request=ticket, technician=context["request"].user)
    offered: list[OfferedAnswer] = cache[key]
    return offered


def _chosen(context: template.Context) -> str:
    value = str(context["request"].GET.get("reponse", ""))
    return value if value.isdigit() else ""


@register.inclusion_tag("helpdesk/backoffice/partials/canned_answers.html", takes_context=True)
def canned_answers(context: template.Context, ticket: Request) -> dict[str, Any]:
    return {"offered": _offered(context, ticket), "chosen": _chosen(context)}


@register.simple_tag(takes_context=True)
def canned_answer_text(context: template.Context, ticket: Request) -> str:
    chosen = _chosen(context)
    for answer in _offered(context, ticket):
        if str(answer.pk) == chosen:
            return answer.text
    return ""
