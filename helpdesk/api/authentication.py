"""How API callers prove who they are: the pages' session (with CSRF) or a personal token."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request


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
