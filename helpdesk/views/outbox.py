"""The supervisors' page of failed side effects, with a retry button per effect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from outbox import selectors, services
from outbox.errors import EffectNotRetryable
from outbox.models import OutboxEffect
from users import roles


def _require_supervisor(request: HttpRequest) -> None:
    if not roles.is_supervisor(request.user):
        raise PermissionDenied


@require_GET
@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    effects = selectors.failed_effects()[:200]
    return render(request, "outbox/failed_list.html", {"effects": effects})


@require_POST
@login_required
def retry(request: HttpRequest, effect_id: int) -> HttpResponse:
    _require_supervisor(request)
    effect = get_object_or_404(OutboxEffect, pk=effect_id)
    try:
        services.effect_retry(effect=effect, actor=request.user)
    except EffectNotRetryable:
        messages.warning(request, _("Cet effet n'est pas en échec : il n'a pas été relancé."))
    else:
        messages.success(request, _("L'effet a été relancé."))
    return redirect("outbox:failed")
