"""The supervisors' page of failed side effects, with a retry button per effect."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from common.error_text import error_text
from lifecycle.models import Request
from lifecycle.services.notifications import STATUS_EMAIL
from lifecycle.services.requests import CORE_ACTION
from outbox import selectors, services
from outbox.errors import EffectNotRetryable
from outbox.models import OutboxEffect
from users import effects as user_effects
from users import roles

EFFECT_LABELS: dict[str, str | Promise] = {
    CORE_ACTION: gettext_lazy("Action sur le cœur des comptes"),
    STATUS_EMAIL: gettext_lazy("Courriel de suivi de la demande"),
    user_effects.VERIFY_EMAIL: gettext_lazy("Courriel de vérification de l'adresse"),
    user_effects.ALREADY_REGISTERED: gettext_lazy("Courriel « adresse déjà inscrite »"),
    user_effects.PASSWORD_RESET: gettext_lazy("Courriel de réinitialisation du mot de passe"),
    user_effects.EMAIL_CHANGE_CONFIRM: gettext_lazy("Courriel de confirmation d'adresse"),
    user_effects.EMAIL_CHANGED: gettext_lazy("Courriel « adresse modifiée »"),
    user_effects.EMAIL_CHANGE_TAKEN: gettext_lazy("Courriel « adresse déjà utilisée »"),
}
REQUEST_REF = "request:"


def effect_label(kind: str) -> str:
    return str(EFFECT_LABELS.get(kind, gettext_lazy("Autre effet différé")))


@dataclass(frozen=True)
class FailedRow:
    """One failed effect as the supervisor reads it."""

    effect: OutboxEffect
    label: str
    request_number: str
    request_url: str
    error: str
    retry_refusal: str | None


def _requests_by_ref(effects: list[OutboxEffect]) -> dict[str, Request]:
    ids = [
        int(ref[len(REQUEST_REF) :])
        for ref in {effect.subject_ref for effect in effects}
        if ref.startswith(REQUEST_REF) and ref[len(REQUEST_REF) :].isdigit()
    ]
    return {ticket.subject_ref: ticket for ticket in Request.objects.filter(pk__in=ids)}


def _rows(effects: list[OutboxEffect]) -> list[FailedRow]:
    requests = _requests_by_ref(effects)
    rows = []
    for effect in effects:
        ticket = requests.get(effect.subject_ref)
        rows.append(
            FailedRow(
                effect=effect,
                label=effect_label(effect.kind),
                request_number=ticket.number if ticket else "",
                request_url=(
                    reverse("helpdesk:backoffice_detail", args=[ticket.number]) if ticket else ""
                ),
                error=error_text(effect.last_error),
                retry_refusal=services.effect_retry_refusal(effect=effect),
            )
        )
    return rows


def _require_supervisor(request: HttpRequest) -> None:
    if not roles.is_supervisor(request.user):
        raise PermissionDenied


@require_GET
@login_required
def failed_list(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    effects = list(selectors.failed_effects()[:200])
    return render(request, "outbox/failed_list.html", {"rows": _rows(effects)})


@require_POST
@login_required
def retry(request: HttpRequest, effect_id: int) -> HttpResponse:
    _require_supervisor(request)
    effect = get_object_or_404(OutboxEffect, pk=effect_id)
    try:
        services.effect_retry(effect=effect, actor=request.user)
    except EffectNotRetryable as refusal:
        if refusal.code == "not_dead":
            messages.warning(request, _("Cet effet n'est pas en échec : il n'a pas été relancé."))
        else:
            messages.warning(request, refusal.message)
    else:
        messages.success(request, _("L'effet a été relancé."))
    return redirect("outbox:failed")
