"""Four eyes from the staff request page: ask for, give or refuse the second person's approval."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk.views.backoffice import staff_only
from lifecycle.errors import DomainError
from lifecycle.models import Request
from lifecycle.services import four_eyes
from users.decorators import signed_in_user


@require_POST
@staff_only
def backoffice_approval(request: HttpRequest, number: str, step: str) -> HttpResponse:
    if step not in {"ask", "approve", "refuse"}:
        raise Http404
    ticket = Request.objects.filter(number=number).first()
    if ticket is None:
        raise Http404
    version = request.POST.get("version", "")
    user = signed_in_user(request)
    try:
        if not version.isdigit():
            raise DomainError("version_required", _("La page est incomplète : rechargez-la."))
        if step == "ask":
            options = {
                key: str(value)
                for key, value in request.POST.items()
                if key not in {"csrfmiddlewaretoken", "version"} and isinstance(value, str)
            }
            four_eyes.execution_approval_ask(
                request=ticket, actor=user, version=int(version), options=options
            )
            done = _("Approbation demandée : une seconde personne doit maintenant l'approuver.")
        elif step == "approve":
            four_eyes.execution_approval_approve(request=ticket, actor=user, version=int(version))
            done = _("Exécution approuvée : l'action est envoyée au service des comptes.")
        else:
            four_eyes.execution_approval_refuse(
                request=ticket,
                actor=user,
                version=int(version),
                reason=str(request.POST.get("motif", "")),
            )
            done = _("Exécution refusée : le motif est dans les notes internes.")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("helpdesk:backoffice_detail", args=[number]))
