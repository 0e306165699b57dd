"""Keyset pagination of request lists over ``(filed_at, id)``, newest first, with signed cursors.

A cursor is the last row's key, signed (so a client cannot forge a position or see an id it
was not shown) and opaque. A page costs the same wherever it is in the list, and a request
filed while a client pages does not shift the pages it has not read. The back-office queues
can reuse ``keyset_page`` with their own filters (``staff_request_filters`` names the ones the
API takes today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from lifecycle.machine import State
from lifecycle.models import Request

SALT = "helpdesk.api.request-cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True)
class Page:
    rows: list[Request]
    next_cursor: str | None


def cursor_for(request: Request) -> str:
    return signing.dumps({"f": request.filed_at.isoformat(), "i": request.pk}, salt=SALT)


def _read_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        data = signing.loads(cursor, salt=SALT)
        return datetime.fromisoformat(data["f"]), int(data["i"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError({"cursor": [_("Ce curseur n'est pas valide.")]}) from exc


def read_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationError(
            {"limit": [_("Un nombre entier de 1 à %(max)d est attendu.") % {"max": MAX_LIMIT}]}
        )
    return int(raw)


def keyset_page(requests: QuerySet[Request], *, cursor: str | None, limit: int) -> Page:
    """One page of ``requests`` (any filters), newest first, after ``cursor``."""
    requests = requests.order_by("-filed_at", "-id")
    if cursor:
        filed_at, pk = _read_cursor(cursor)
        requests = requests.filter(Q(filed_at__lt=filed_at) | Q(filed_at=filed_at, id__lt=pk))
    rows = list(requests[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows=rows, next_cursor=cursor_for(rows[-1]) if more and rows else None)


def staff_request_filters(params: Any) -> dict[str, str]:
    """The staff list's filters, checked: ``type`` (a type key) and ``state``."""
    filters: dict[str, str] = {}
    state = params.get("state") or ""
    if state:
        if state not in State.values:
            raise ValidationError({"state": [_("Cet état n'existe pas.")]})
        filters["state"] = state
    type_key = params.get("type") or ""
    if type_key:
        filters["type_key"] = type_key
    return filters
