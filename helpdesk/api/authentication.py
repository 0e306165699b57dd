"""How API callers prove who they are: the pages' session (with CSRF) or a personal token."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from users.api_tokens import api_token_authenticate


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing a missing or wrong CSRF token in French."""

    def enforce_csrf(self, request: Request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _(
                    "Jeton CSRF absent ou incorrect : rechargez la page, puis recommencez. "
                    "Un programme s'authentifie plutôt avec un jeton d'accès personnel."
                ),
                code="csrf_failed",
            ) from exc


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer gch.<prefix>.<secret>``, a personal token made on the profile page.

    Without the header the caller is anonymous (and the API answers 401 with
    ``WWW-Authenticate: Bearer``); a wrong, revoked or expired token is a 401.
    """

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed()
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed() from exc
        user = api_token_authenticate(raw=raw)
        if user is None:
            raise exceptions.AuthenticationFailed()
        return (user, None)

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
