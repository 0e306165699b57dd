"""Personal API tokens: created, listed, revoked by their owner; checked on every API call.

``secrets.token_urlsafe(32)`` is the secret; the database keeps its sha256 and a short public
prefix to find the row. A revoked or expired token, or one whose owner is inactive, proves
nothing (the API answers 401).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from users.models import ApiToken, User

SCHEME = "gch"
# Recording each use would write a row per call: once a minute is precise enough to audit.
LAST_USE_PRECISION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Return the token row and the token itself, which is never available again."""
    secret = secrets.token_urlsafe(32)
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, secret_hash=_hash(secret), expires_at=expires_at
    )
    return token, f"{SCHEME}.{prefix}.{secret}"


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at=None)


def api_token_revoke(*, user: User, prefix: str) -> bool:
    """Revoke one of the user's own tokens; False when he has no such live token."""
    revoked = ApiToken.objects.filter(user=user, prefix=prefix, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    return revoked == 1


def api_token_authenticate(*, raw: str) -> User | None:
    """The owner of a live token, recording the use; None for anything else."""
    scheme, _, rest = raw.partition(".")
    prefix, _, secret = rest.partition(".")
    if scheme != SCHEME or not prefix or not secret or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not constant_time_compare(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if not token.is_active_at(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
