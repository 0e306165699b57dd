"""What every page needs to know about the signed-in user's roles (for the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from users import roles


def user_roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "user_is_technician": roles.is_technician(user),
        "user_is_supervisor": roles.is_supervisor(user),
    }
