"""DRF permission classes for the roles (the API denies by default: IsAuthenticated)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from users import roles


class IsTechnician(BasePermission):
    """Technicians, and supervisors who can do everything a technician does."""

    message = _("Cette action est réservée aux techniciens.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return roles.is_technician(request.user)


class IsSupervisor(BasePermission):
    message = _("Cette action est réservée aux superviseurs.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return roles.is_supervisor(request.user)


class IsVerifiedRequester(BasePermission):
    """A requester whose e-mail address is confirmed: the one who may file requests."""

    message = _("Confirmez d'abord votre adresse électronique.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        return roles.has_role(user, roles.REQUESTER) and bool(user.email_verified)
