"""What the retention purge would delete, without deleting it (``manage.py retention_purge``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from lifecycle.models import Request
from lifecycle.services.retention import requests_due_for_purge


@dataclass(frozen=True)
class PurgePreview:
    number: str
    closed_at: str
    files: int
    messages: int
    data_fields: int


def requests_purge_preview(*, limit: int = 500) -> list[PurgePreview]:
    """The requests the next purge would take (oldest closed first), with what each would lose:
    its stored files, its messages' text and its form fields."""
    pks = requests_due_for_purge(limit=limit)
    rows = (
        Request.objects.filter(pk__in=pks)
        .annotate(
            files=Count("attachments", filter=~Q(attachments__file=""), distinct=True),
            message_count=Count("messages", distinct=True),
        )
        .order_by("closed_at", "pk")
    )
    return [
        PurgePreview(
            number=row.number,
            closed_at=row.closed_at.isoformat() if row.closed_at else "",
            files=row.files,
            messages=row.message_count,
            data_fields=len(row.data or {}),
        )
        for row in rows
    ]
