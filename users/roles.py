"""Roles are Django groups. One place names them and answers "does this user have it"."""

from __future__ import annotations

from typing import Any

from users.models import User

REQUESTER = "requester"
TECHNICIAN = "technician"
SUPERVISOR = "supervisor"
ALL_ROLES = (REQUESTER, TECHNICIAN, SUPERVISOR)


def has_role(user: Any, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_cache = cache
    return role in cache


def is_technician(user: Any) -> bool:
    return has_role(user, TECHNICIAN) or has_role(user, SUPERVISOR)


def is_supervisor(user: Any) -> bool:
    return has_role(user, SUPERVISOR)


def is_staff_member(user: Any) -> bool:
    """Technicians and supervisors: those who process requests."""
    return is_technician(user)


def is_employer_side_requester(user: Any) -> bool:
    """Requesters who act for a company they administer (employers, accountants, others):
    every requester except judicial liquidators, who have their own procedure."""
    if not has_role(user, REQUESTER):
        return False
    return getattr(user, "profile", "") != User.Profile.LIQUIDATOR
