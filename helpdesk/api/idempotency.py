"""``Idempotency-Key`` on the API's writes: the same key twice returns the first answer.

A client that did not get an answer (a timeout, a dropped connection) sends the same call
again with the same key: the desk replays the first status and body and does nothing twice.
The same key with another body is a 422; while the first call still runs, a 409. Keys belong
to their user and are kept 24 hours. Errors of 500 and above are not kept: the call may be
retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import request as drf
from rest_framework.response import Response

from helpdesk.api.exceptions import error_body
from helpdesk.models import IdempotencyKey
from users.decorators import signed_in_user

HEADER = "Idempotency-Key"
KEPT = timedelta(hours=24)
MAX_KEY_LENGTH = 255
PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    description="Any unique string (a UUID): the same key again replays the first answer.",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, QueryDict):
        return {key: [_canonical(v) for v in value.getlist(key)] for key in sorted(value)}
    if hasattr(value, "read") and hasattr(value, "size"):  # an uploaded file
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": getattr(value, "name", ""), "sha256": digest.hexdigest()}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def fingerprint(request: drf.Request) -> str:
    payload = json.dumps(
        [request.method, request.path, _canonical(request.data)],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _refusal(code: str, message: str, status: int) -> Response:
    return Response(error_body(code, message), status=status)


def idempotent(method: Callable[..., Response]) -> Callable[..., Response]:
    """Wrap a view's ``post``: with the header, the first answer is kept and replayed."""

    @wraps(method)
    def wrapper(view: Any, request: drf.Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return method(view, request, *args, **kwargs)
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            return _refusal(
                "idempotency_key_invalid",
                _("La clé d'idempotence doit faire de 1 à 255 caractères imprimables."),
                400,
            )
        user = signed_in_user(request)
        print_ = fingerprint(request)
        since = timezone.now() - KEPT
        IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=since).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(user=user, key=key, fingerprint=print_)
        except IntegrityError:
            first = IdempotencyKey.objects.filter(user=user, key=key).first()
            if first is None:  # purged in between: rare enough to ask for a retry
                return _refusal("idempotency_retry", _("Réessayez la même requête."), 409)
            if first.fingerprint != print_:
                return _refusal(
                    "idempotency_key_reused",
                    _("Cette clé d'idempotence a déjà servi pour une autre requête."),
                    422,
                )
            if first.status == 0:
                return _refusal(
                    "idempotency_in_progress",
                    _("La première requête avec cette clé est encore en cours : patientez."),
                    409,
                )
            replay = Response(first.body, status=first.status)
            replay["Idempotent-Replayed"] = "true"
            return replay
        try:
            response = method(view, request, *args, **kwargs)
        except BaseException:
            row.delete()  # nothing was done: the same key may try again
            raise
        if response.status_code >= 500:
            row.delete()
        else:
            row.status = response.status_code
            row.body = response.data
            row.save(update_fields=["status", "body"])
        return response

    return wrapper


def idempotency_keys_purge(*, now: Any = None) -> int:
    """Delete the keys older than 24 hours; returns how many."""
    deleted, _rows = IdempotencyKey.objects.filter(
        created_at__lt=(now or timezone.now()) - KEPT
    ).delete()
    return deleted
