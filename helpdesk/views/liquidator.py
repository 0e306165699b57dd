"""The liquidator panel's own action: a supervisor lifts the three-links-per-day cap."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.views.backoffice import _ticket, staff_only
from lifecycle.errors import DomainError
from lifecycle.types.liquidator_links import link_cap_lift
from users.decorators import signed_in_user


@require_POST
@staff_only
def liquidator_lift_cap(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(number)
    try:
        link_cap_lift(
            request=ticket, actor=signed_in_user(request), reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("La limite est levée pour le prochain lien : exécutez à nouveau la demande."),
        )
    return HttpResponseRedirect(reverse("helpdesk:backoffice_detail", args=[number]))
