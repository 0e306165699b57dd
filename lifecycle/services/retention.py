"""Retention: what a closed request keeps once its conservation period is over (ADR 0004).

``GUICHET_RETENTION_DAYS`` after closing, a request loses its personal data and documents:
the attachment files are removed from storage, the attachment rows keep only size, type and
checksum, the messages lose their text and the request its form data. The request row, its
number, type, SIRET, dates and states, the transition log and the audit events stay: the
history is append-only and proves what was done, and the SLA figures read it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from documents.storage import StoreUnavailable, stored_delete
from lifecycle import machine
from lifecycle.machine import State
from lifecycle.models import Attachment, Message, Request

logger = logging.getLogger(__name__)

PURGED_KEY = "purged_at"


def _purged_message() -> str:
    return gettext("Contenu supprimé à l'échéance de la durée de conservation.")


def requests_due_for_purge(*, limit: int = 500) -> list[int]:
    cutoff = machine.now() - timedelta(days=settings.GUICHET_RETENTION_DAYS)
    return list(
        Request.objects.filter(state=State.CLOSED, closed_at__lte=cutoff)
        .exclude(data__has_key=PURGED_KEY)
        .order_by("closed_at")
        .values_list("pk", flat=True)[:limit]
    )


def request_purge(*, pk: int) -> bool:
    """Purge one closed request whose period is over. True if this call purged it.

    The row is locked (SKIP LOCKED: a concurrent purge leaves it alone) and checked again. The
    files are removed inside the transaction, after the rows are cleared: if the commit fails,
    the rows still name files that are gone, and the next run finishes the purge. No file ever
    outlives its purge (no orphans), at worst a purge runs twice.
    """
    cutoff = machine.now() - timedelta(days=settings.GUICHET_RETENTION_DAYS)
    with transaction.atomic():
        request = (
            Request.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state=State.CLOSED, closed_at__lte=cutoff)
            .exclude(data__has_key=PURGED_KEY)
            .first()
        )
        if request is None:
            return False
        names = [
            name
            for name in Attachment.objects.filter(request=request).values_list("file", flat=True)
            if name
        ]
        Attachment.objects.filter(request=request).update(file="", display_name="")
        Message.objects.filter(request=request).update(body=_purged_message())
        Request.objects.filter(pk=request.pk).update(
            data={PURGED_KEY: machine.now().isoformat()}, last_error=""
        )
        for name in names:
            stored_delete(name)  # a missing file is not an error; a store down rolls back
    logger.info("request purged", extra={"request": request.number, "files": len(names)})
    return True


def requests_purge_expired(*, limit: int = 500) -> int:
    """The scheduled purge: every closed request past its period, one transaction each.

    A document store that is down stops the batch (that request's transaction rolled back, its
    rows still name its files): the next scheduled run takes it up again."""
    purged = 0
    due = requests_due_for_purge(limit=limit)
    for pk in due:
        try:
            purged += request_purge(pk=pk)
        except StoreUnavailable:
            logger.warning("retention purge stopped: the document store is down", exc_info=True)
            break
    if due:
        logger.info("retention purge batch", extra={"due": len(due), "purged": purged})
    return purged
