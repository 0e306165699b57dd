"""View guards: a confirmed address before filing, and the technician / supervisor roles.

Anonymous visitors are sent to the login page; a signed-in user without the role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from users import roles
from users.models import User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def email_is_verified(user: Any) -> bool:
    """Requesters must confirm their address; technicians and supervisors are set up by staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.email_verified) or roles.is_staff_member(user)


def verified_email_required(view: View) -> View:
    """An unverified requester gets a page explaining how to confirm, with a resend button."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not email_is_verified(request.user):
            return render(
                request,
                "users/verification_required.html",
                {"next": request.get_full_path()},
                status=403,
            )
        return view(request, *args, **kwargs)

    return cast(View, wrapper)


def _role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorator


technician_required = _role_required(roles.is_technician)
technician_required.__doc__ = "Technicians and supervisors only."
supervisor_required = _role_required(roles.is_supervisor)
supervisor_required.__doc__ = "Supervisors only."


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a view that requires one (``login_required``, DRF's
    ``IsAuthenticated``): typed as our ``User``, never ``AnonymousUser``."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
