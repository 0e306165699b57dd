"""The type's document checklist of a request, with the last tick of each item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lifecycle.models import DocumentCheck, Request


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    checked: bool
    by: Any = None
    at: datetime | None = None


def request_checklist(*, request: Request) -> list[ChecklistItem]:
    """The type's checklist with the last tick of each item (one query)."""
    declared = request.request_type.document_checklist
    if not declared:
        return []
    last: dict[str, DocumentCheck] = {}
    for check in request.document_checks.select_related("actor"):
        last[check.code] = check
    items = []
    for code, label in declared:
        check = last.get(code)
        items.append(
            ChecklistItem(
                code=code,
                label=str(label),
                checked=bool(check and check.checked),
                by=check.actor if check else None,
                at=check.at if check else None,
            )
        )
    return items
