"""What the retention purge would delete, per kind of data, without deleting anything
(``manage.py retention_purge``, a dry run by default)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from lifecycle.models import Attachment, Message
from lifecycle.services.retention import DOCUMENTS, KINDS, Kind, cutoff, requests_due


@dataclass(frozen=True)
class KindPreview:
    kind: str
    cutoff: datetime
    requests: int
    oldest_closed_at: datetime | None
    files: int  # stored objects the documents purge would delete
    messages: int  # messages whose text the personal data purge would remove


def kind_preview(kind: Kind) -> KindPreview:
    due = requests_due(kind)
    figures = due.aggregate(requests=Count("pk"), oldest=Min("closed_at"))
    files = messages = 0
    if kind is DOCUMENTS:
        files = Attachment.objects.filter(request__in=due).filter(~Q(file="")).count()
    else:
        messages = Message.objects.filter(request__in=due).count()
    return KindPreview(
        kind=kind.key,
        cutoff=cutoff(kind),
        requests=figures["requests"],
        oldest_closed_at=figures["oldest"],
        files=files,
        messages=messages,
    )


def requests_purge_preview() -> list[KindPreview]:
    """Every kind, in the order the purge runs them."""
    return [kind_preview(kind) for kind in KINDS]
