"""Idempotent writes: the same key twice returns the first result and does nothing more."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction

from core_contract import Conflict, InvalidInput
from sandbox_core import clock
from sandbox_core.models import SandboxIdempotencyRecord

T = TypeVar("T")

KEY_MAX_LENGTH = 200


def run_idempotent(
    *,
    key: str,
    operation: str,
    payload: dict[str, Any],
    action: Callable[[], T],
    encode: Callable[[T], dict[str, Any]],
    decode: Callable[[dict[str, Any]], T],
) -> T:
    """Run ``action`` once per key, in one transaction with the record of its result.

    A replay with the same key and the same payload returns the stored result; the same key with
    another operation or payload is a Conflict. Two concurrent first calls: one wins, the other
    rolls back entirely and gets a retryable Conflict (its retry then replays the winner).
    """
    if not key or len(key) > KEY_MAX_LENGTH:
        raise InvalidInput("La clé d'idempotence est absente ou trop longue.")
    fingerprint = hashlib.sha256(
        json.dumps({"operation": operation, **payload}, sort_keys=True).encode()
    ).hexdigest()
    try:
        with transaction.atomic():
            record = SandboxIdempotencyRecord.objects.select_for_update().filter(key=key).first()
            if record is not None:
                if record.operation != operation or record.fingerprint != fingerprint:
                    raise Conflict(
                        "Cette clé d'idempotence a déjà servi pour une autre opération.",
                        retryable=False,
                    )
                return decode(record.response)
            result = action()
            SandboxIdempotencyRecord.objects.create(
                key=key,
                operation=operation,
                fingerprint=fingerprint,
                response=encode(result),
                created_at=clock.now(),
            )
            return result
    except IntegrityError as exc:
        raise Conflict() from exc
