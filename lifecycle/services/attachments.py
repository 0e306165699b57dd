"""Attachments: checked before the transaction, stored under random names, downloaded with an
audit row. Content checks are ``documents.check_upload``'s job."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from documents import CheckedUpload, UploadRefused, check_upload
from documents.storage import StoredFile, StoreUnavailable, stored_delete, stored_open, stored_save
from lifecycle import machine
from lifecycle.errors import NotVisible
from lifecycle.models import Attachment, AuditEvent, Message, Request
from users import roles

logger = logging.getLogger(__name__)


def attachments_check(files: Sequence[File[bytes]]) -> list[tuple[File[bytes], CheckedUpload]]:
    """Check every file before anything is written; raises ``UploadRefused``."""
    return [(upload, check_upload(upload)) for upload in files]


def attachment_store(
    *,
    request: Request,
    message: Message | None,
    uploaded_by: Any,
    upload: File[bytes],
    checked: CheckedUpload,
    at: datetime,
    stored: list[str],
) -> Attachment:
    """Save the file under a server-generated name (inside the caller's transaction).

    The saved name is appended to ``stored`` so the caller can remove it if the transaction
    rolls back (no orphan files).
    """
    # The checked content (a PDF rebuilt into one clean revision), never the raw upload; size,
    # hash and quota count the file as sent.
    content = checked.content or _read_all(upload)
    _check_quota(uploaded_by, checked.size)
    name = f"attachments/{at:%Y/%m}/{secrets.token_hex(16)}.{checked.extension}"
    saved = stored_save(name, content)  # StoreUnavailable: the caller's transaction rolls back
    stored.append(saved)
    return Attachment.objects.create(
        request=request,
        message=message,
        uploaded_by=uploaded_by,
        file=saved,
        token=secrets.token_hex(16),
        display_name=checked.display_name,
        mime=checked.mime,
        size=checked.size,
        sha256=checked.sha256,
        antivirus_scanned=checked.antivirus_scanned,
        created_at=at,
    )


def _read_all(upload: File[bytes]) -> bytes:
    upload.seek(0)
    return bytes(upload.read())


def _check_quota(user: Any, size: int) -> None:
    """U7: the documents a user keeps stored (purged ones no longer count) stay under a quota."""
    limit = settings.GUICHET_UPLOAD_QUOTA_BYTES
    if not limit:
        return
    used = (
        Attachment.objects.filter(uploaded_by=user)
        .exclude(file="")
        .aggregate(total=Sum("size"))["total"]
        or 0
    )
    if used + size > limit:
        raise UploadRefused(
            UploadRefused.QUOTA,
            _(
                "Vous avez atteint la limite de %(limit)d Mo de documents déposés. "
                "Contactez l'assistance si vous devez en joindre d'autres."
            )
            % {"limit": limit // (1024 * 1024)},
        )


def attachments_discard(names: Sequence[str]) -> None:
    for name in names:
        try:
            stored_delete(name)
        except (OSError, StoreUnavailable):  # pragma: no cover - logged, the purge finds it later
            logger.exception("could not remove the orphan file %s", name)


def attachment_may_download(attachment: Attachment, actor: Any) -> bool:
    """Staff, or the requester for a file that is not part of an internal note."""
    if roles.is_staff_member(actor):
        return True
    if attachment.request.requester_id != getattr(actor, "pk", None):
        return False
    return attachment.message is None or not attachment.message.is_internal


def attachment_download(*, token: str, actor: Any) -> tuple[Attachment, StoredFile]:
    """Open an attachment for ``actor`` and write the audit row in the same transaction.

    The file is opened from the store before the audit row is written: a store that is down
    raises ``StoreUnavailable`` (answered 503) and no download is recorded.

    Anyone but the requester and staff gets ``NotVisible`` (as for a file that does not exist),
    and the refusal is audited too.
    """
    attachment = (
        Attachment.objects.select_related("request", "message").filter(token=token).first()
        if token
        else None
    )
    if attachment is None or not attachment_may_download(attachment, actor):
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.ATTACHMENT_DENIED,
            actor=actor,
            request=attachment.request if attachment else None,
            attachment=attachment,
            detail={} if attachment else {"token": token[:64]},
            at=machine.now(),
        )
        raise NotVisible("not_found", _("Ce document n'existe pas."))
    if not attachment.file.name:  # removed by the retention purge (lifecycle.services.retention)
        raise NotVisible("purged", _("Ce document n'est plus conservé."))
    with transaction.atomic():
        handle = stored_open(attachment.file.name)
        AuditEvent.objects.create(
            kind=AuditEvent.Kind.ATTACHMENT_DOWNLOADED,
            actor=actor,
            request=attachment.request,
            attachment=attachment,
            at=machine.now(),
        )
    return attachment, handle
