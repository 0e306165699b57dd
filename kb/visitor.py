"""A random key per visitor, kept in the session (survives the login, unlike the session key)."""

from __future__ import annotations

import secrets

from django.http import HttpRequest

SESSION_FIELD = "kb_visitor_key"


def visitor_key(request: HttpRequest, *, create: bool = True) -> str:
    key = request.session.get(SESSION_FIELD, "")
    if not key and create:
        key = secrets.token_hex(16)
        request.session[SESSION_FIELD] = key
    return str(key)
