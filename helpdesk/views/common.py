"""What the lifecycle pages share: running a transition from a form, with a flash message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from documents import UploadRefused
from helpdesk.forms import TransitionForm
from lifecycle.errors import DomainError, StaleVersion
from lifecycle.machine import TRANSITIONS
from lifecycle.models import Request
from lifecycle.presence import request_change_since
from lifecycle.services import requests as request_services
from users import roles
from users.decorators import signed_in_user


def _say_what_changed(http_request: HttpRequest, ticket: Request, version: int) -> None:
    """To staff after a stale action: who did what since the page was loaded (the requester
    never reads staff names)."""
    change = request_change_since(request=ticket, version=version)
    if change is not None:
        messages.error(
            http_request,
            _("Depuis l'ouverture de la page : %(who)s a effectué « %(action)s » à %(at)s.")
            % {
                "who": change.actor,
                "action": change.action,
                "at": localtime(change.at).strftime("%H:%M"),
            },
        )


def run_transition_from_form(
    http_request: HttpRequest, ticket: Request, name: str, back_to: str
) -> HttpResponse:
    """Validate the posted form, call the service; every refusal becomes a French message."""
    form = TransitionForm(
        http_request.POST, http_request.FILES, request_type=ticket.request_type, transition=name
    )
    if not form.is_valid():
        messages.error(
            http_request,
            _("Le formulaire contient des erreurs : %(errors)s")
            % {"errors": "; ".join(str(m) for ms in form.errors.values() for m in ms)},
        )
        return HttpResponseRedirect(back_to)
    data: dict[str, Any] = form.cleaned_data
    try:
        request_services.request_transition(
            request=ticket,
            name=name,
            actor=signed_in_user(http_request),
            version=data["version"],
            comment=data["comment"],
            message=data["message"],
            outcome=data["outcome"],
            technician=data["technician"],
            files=data["attachments"],
            options=http_request.POST,
        )
    except (DomainError, UploadRefused) as error:
        messages.error(http_request, str(error.message))
        if isinstance(error, StaleVersion) and roles.is_staff_member(http_request.user):
            _say_what_changed(http_request, ticket, data["version"])
    else:
        messages.success(
            http_request,
            _("Action « %(action)s » effectuée.") % {"action": TRANSITIONS[name].label},
        )
    return HttpResponseRedirect(back_to)
