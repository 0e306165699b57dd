"""The sandbox core's home page: its companies (to file requests with), and the demo's clock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sandbox_core import clock, selectors
from sandbox_core.services import clock as clock_services

MOVE_CLOCK = "sandbox_core.move_clock"


def _may_move_clock(request: HttpRequest) -> bool:
    return clock_services.clock_can_move() and request.user.has_perm(MOVE_CLOCK)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "companies": selectors.companies_overview(),
        "may_move_clock": _may_move_clock(request),
        "core_now": clock.now(),
        "offset_hours": round(clock.offset().total_seconds() / 3600),
    }
    return render(request, "sandbox/home.html", context)


@require_POST
def clock_move(request: HttpRequest) -> HttpResponse:
    """Staff only, demo only: +8 hours, or back to the real time."""
    if not clock_services.clock_can_move():
        raise Http404
    if not request.user.has_perm(MOVE_CLOCK):
        raise PermissionDenied
    actor = request.user.get_username()
    if request.POST.get("action") == "reset":
        clock_services.clock_reset(actor=actor)
        messages.success(request, _("L'horloge du cœur est revenue à l'heure réelle."))
    else:
        clock_services.clock_advance(actor=actor)
        messages.success(request, _("L'horloge du cœur a avancé de 8 heures."))
    return redirect("sandbox:home")
