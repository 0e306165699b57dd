"""Retention: what a closed request keeps once each kind of data is past its period (ADR 0004).

Two kinds, each with its own period in months after closing, its own marker on the request
(``documents_purged_at``, ``personal_data_purged_at``) and its own partial index:

- **documents** (court minutes and every other attachment): the stored objects are deleted
  from the document store (local disk or S3); the attachment rows keep size, type and checksum;
- **personal data**: the messages lose their text, the attachments their file name, the request
  its form fields except the type's ``retained_data_keys`` (ids and codes) and its last error.

Kept: the request row (number, type, SIRET, dates, states), the transition log and the audit
events: the history is append-only, holds ids and codes only (``lifecycle.services.history``),
and proves what was done. Each request is purged in its own transaction under ``SELECT … FOR
UPDATE SKIP LOCKED`` and checked again there: two schedulers, or a rerun, purge it once.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from common.metrics import retention_purged
from documents.storage import StoreUnavailable, stored_delete
from lifecycle import machine, registry
from lifecycle.machine import State
from lifecycle.models import Attachment, Message, Request

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    key: str
    marker: str  # the Request field set when this kind is purged
    months_setting: str


DOCUMENTS = Kind("documents", "documents_purged_at", "GUICHET_RETENTION_DOCUMENTS_MONTHS")
PERSONAL_DATA = Kind(
    "personal_data", "personal_data_purged_at", "GUICHET_RETENTION_PERSONAL_DATA_MONTHS"
)
KINDS = (DOCUMENTS, PERSONAL_DATA)


@dataclass(frozen=True)
class BatchResult:
    kind: str
    due: int
    purged: int
    files: int


def _purged_message() -> str:
    return gettext("Contenu supprimé à l'échéance de la durée de conservation.")


def months_before(moment: datetime, months: int) -> datetime:
    """The same instant ``months`` calendar months earlier (the 31st becomes the month's last)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def cutoff(kind: Kind) -> datetime:
    return months_before(machine.now(), getattr(settings, kind.months_setting))


def requests_due(kind: Kind) -> QuerySet[Request]:
    """Closed requests whose ``kind`` is past its period and not purged yet (partial index)."""
    return Request.objects.filter(
        state=State.CLOSED, closed_at__lte=cutoff(kind), **{f"{kind.marker}__isnull": True}
    )


def requests_due_for_purge(*, kind: Kind = DOCUMENTS, limit: int = 500) -> list[int]:
    return list(requests_due(kind).order_by("closed_at").values_list("pk", flat=True)[:limit])


def _locked_due(kind: Kind, pk: int) -> Request | None:
    return requests_due(kind).select_for_update(skip_locked=True).filter(pk=pk).first()


def request_purge_documents(*, pk: int) -> int | None:
    """Delete one request's stored documents; the number of objects deleted, None if this call
    did not purge it (not due, already purged, or being purged by another scheduler).

    The objects are removed inside the transaction, after the rows are cleared: if the commit
    fails, the rows still name objects that are gone and the next run finishes the purge. No
    object ever outlives its purge; a store that is down rolls the request back."""
    with transaction.atomic():
        request = _locked_due(DOCUMENTS, pk)
        if request is None:
            return None
        attachments = Attachment.objects.filter(request=request)
        names = [name for name in attachments.values_list("file", flat=True) if name]
        attachments.update(file="", display_name="")
        Request.objects.filter(pk=pk).update(documents_purged_at=machine.now())
        for name in names:
            stored_delete(name)  # a missing object is not an error
    return len(names)


def _neutral_name(attachment_id: int, display_name: str) -> str:
    return f"piece-jointe-{attachment_id}{PurePosixPath(display_name).suffix.lower()[:10]}"


def request_purge_personal_data(*, pk: int) -> bool:
    """Remove the requester's personal data from one request; True if this call purged it."""
    with transaction.atomic():
        request = _locked_due(PERSONAL_DATA, pk)
        if request is None:
            return False
        Message.objects.filter(request=request).update(body=_purged_message())
        for attachment_id, display_name in (
            Attachment.objects.filter(request=request)
            .exclude(display_name="")
            .values_list("pk", "display_name")
        ):
            Attachment.objects.filter(pk=attachment_id).update(
                display_name=_neutral_name(attachment_id, display_name)
            )
        kept = registry.retained_data_keys(request.type_key)
        Request.objects.filter(pk=pk).update(
            data={key: value for key, value in (request.data or {}).items() if key in kept},
            last_error="",
            personal_data_purged_at=machine.now(),
        )
    return True


def request_purge(*, pk: int) -> bool:
    """Both kinds of one request, each only if due. True if anything was purged."""
    documents = request_purge_documents(pk=pk)
    personal = request_purge_personal_data(pk=pk)
    return documents is not None or personal


def requests_purge_batch(*, kind: Kind, limit: int) -> BatchResult:
    """One batch of ``kind``: at most ``limit`` requests, one transaction each, one log line.

    A document store that is down stops the batch (that request rolled back, its rows still
    name its objects): the next run takes it up again."""
    due = requests_due_for_purge(kind=kind, limit=limit)
    purged = files = 0
    for pk in due:
        if kind is DOCUMENTS:
            try:
                deleted = request_purge_documents(pk=pk)
            except StoreUnavailable:
                logger.warning("retention purge stopped: the document store is down", exc_info=True)
                break
            if deleted is not None:
                purged, files = purged + 1, files + deleted
        else:
            purged += request_purge_personal_data(pk=pk)
    result = BatchResult(kind=kind.key, due=len(due), purged=purged, files=files)
    if due:
        logger.info(
            "retention purge batch",
            extra={"kind": kind.key, "due": len(due), "purged": purged, "files": files},
        )
        retention_purged(kind.key, purged)
    return result


def requests_purge_expired(
    *, batch_size: int | None = None, max_batches: int | None = None
) -> dict[str, int]:
    """The scheduled purge: every kind, batch after batch, until nothing is due, a batch purges
    nothing (the rest is locked by another scheduler or the store is down) or ``max_batches``
    (the next day's run goes on). The requests purged, per kind."""
    size = batch_size or settings.GUICHET_RETENTION_BATCH_SIZE
    batches = max_batches or settings.GUICHET_RETENTION_MAX_BATCHES
    totals = {kind.key: 0 for kind in KINDS}
    for kind in KINDS:
        for _batch in range(batches):
            result = requests_purge_batch(kind=kind, limit=size)
            totals[kind.key] += result.purged
            if result.due < size or result.purged == 0:
                break
    return totals
