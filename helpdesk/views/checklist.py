"""The technician saves his check of the request's documents (the type's checklist)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.views.backoffice import staff_only
from lifecycle.errors import DomainError
from lifecycle.models import Request
from lifecycle.services.checklist import request_checklist_save
from users.decorators import signed_in_user


@require_POST
@staff_only
def backoffice_checklist(request: HttpRequest, number: str) -> HttpResponse:
    ticket = Request.objects.filter(number=number).first()
    if ticket is None:
        raise Http404
    try:
        changed = request_checklist_save(
            request=ticket, actor=signed_in_user(request), checked=request.POST.getlist("checked")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(request, _("Vérification des pièces enregistrée."))
        else:
            messages.info(request, _("Aucun changement dans la vérification des pièces."))
    return HttpResponseRedirect(
        reverse("helpdesk:backoffice_detail", args=[number]) + "#verification-pieces"
    )
