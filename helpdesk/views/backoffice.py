"""The staff pages: the request page with its actions (the lists are ``helpdesk.views.queues``)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.error_text import error_text
from documents import UploadRefused
from helpdesk.forms import NoteForm, TransitionForm
from helpdesk.views.common import run_transition_from_form
from helpdesk.views.outbox import effect_label
from helpdesk.views.sla_display import link_life, request_sla_view
from lifecycle import machine, selectors, selectors_context
from lifecycle.errors import DomainError
from lifecycle.journal import staff_timeline
from lifecycle.machine import State
from lifecycle.models import Request
from lifecycle.services import messages as message_services
from lifecycle.services import requests as request_services
from lifecycle.services.requests import HUMAN_TRANSITIONS
from lifecycle.services.transitions import transitions_allowed
from outbox.selectors import effects_for_subject
from users import roles
from users.decorators import signed_in_user


def staff_only(view: Any) -> Any:
    """Signed-in technicians and supervisors; anyone else finds nothing here (404)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _ticket(number: str) -> Request:
    ticket = selectors.backoffice_requests().filter(number=number).first()
    if ticket is None:
        raise Http404
    return ticket


@require_POST
@staff_only
def backoffice_take_next(request: HttpRequest) -> HttpResponse:
    """Claim the oldest unassigned request (of the filtered type) and open it."""
    taken = request_services.request_take_next(
        actor=signed_in_user(request), type_key=request.POST.get("type", "")
    )
    if taken is None:
        messages.info(request, _("Aucune demande en attente de prise en charge."))
        return HttpResponseRedirect(reverse("helpdesk:backoffice_list"))
    messages.success(request, _("Demande %(number)s prise en charge.") % {"number": taken.number})
    return HttpResponseRedirect(reverse("helpdesk:backoffice_detail", args=[taken.number]))


def _type_panel(ticket: Request) -> dict[str, Any] | None:
    """The request type's own panel on the staff page, if it declares one."""
    request_type = ticket.request_type
    if not request_type.staff_panel_template:
        return None
    return {
        "template": request_type.staff_panel_template,
        "context": request_type.staff_panel_context(ticket),
    }


def _core_action_in_flight(ticket: Request) -> Any:
    """While executing: the core action's effect, its attempts and last error (retries shown)."""
    if ticket.state != State.EXECUTING or not ticket.pending_idempotency_key:
        return None
    return (
        effects_for_subject(ticket.subject_ref)
        .filter(idempotency_key=ticket.pending_idempotency_key)
        .first()
    )


@require_GET
@staff_only
def backoffice_detail(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(number)
    core_effect = _core_action_in_flight(ticket)
    failed = [
        {"label": effect_label(effect.kind), "error": error_text(effect.last_error)}
        for effect in selectors.request_failed_effects(request=ticket)
    ]
    type_panel = _type_panel(ticket)
    now = machine.now()
    return render(
        request,
        "helpdesk/backoffice/detail.html",
        {
            "ticket": ticket,
            "type_label": selectors.request_type_label(ticket.type_key),
            "data_rows": ticket.request_type.data_rows(ticket),
            "journal": staff_timeline(request=ticket),
            "last_error": error_text(ticket.last_error),
            "core_effect_error": error_text(core_effect.last_error) if core_effect else "",
            "sla": request_sla_view(request=ticket, now=now),
            "link_life": link_life(type_panel["context"] if type_panel else None, now),
            "sla_banner": selectors.sla_alert_counts(),
            "thread": selectors.request_thread(request=ticket, user=request.user),
            "attachments": selectors.request_attachments(request=ticket, user=request.user),
            "failed_effects": failed,
            "allowed": transitions_allowed(ticket, signed_in_user(request)),
            "transition_form": TransitionForm(initial={"version": ticket.version}),
            "note_form": NoteForm(),
            "type_panel": type_panel,
            "core_effect": core_effect,
            "other_requests": selectors_context.requester_other_requests(request=ticket),
            "same_siren": selectors_context.same_siren_requests(request=ticket, now=now),
            "company": selectors_context.request_company(request=ticket),
        },
    )


@require_POST
@staff_only
def backoffice_transition(request: HttpRequest, number: str, name: str) -> HttpResponse:
    if name not in HUMAN_TRANSITIONS:
        raise Http404
    ticket = _ticket(number)
    back_to = reverse("helpdesk:backoffice_detail", args=[number])
    return run_transition_from_form(request, ticket, name, back_to)


@require_POST
@staff_only
def backoffice_message(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(number)
    back_to = reverse("helpdesk:backoffice_detail", args=[number])
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Le message ne peut pas être vide."))
        return HttpResponseRedirect(back_to)
    try:
        message_services.message_post(
            request=ticket,
            author=request.user,
            body=form.cleaned_data["body"],
            internal=form.cleaned_data["internal"],
            files=form.cleaned_data["attachments"],
        )
    except (DomainError, UploadRefused) as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Message enregistré."))
    return HttpResponseRedirect(back_to)
