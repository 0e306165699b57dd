"""The requester's request page (data, thread, files, public history, answer, reopen) and file
downloads. Thin: the selectors read, the forms validate, the services decide."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from documents import UploadRefused
from helpdesk.portal_forms import AnswerForm, CompleteForm, ReopenForm
from helpdesk.views.sla_display import request_sla_view
from lifecycle import machine, selectors
from lifecycle.errors import DomainError, NotVisible
from lifecycle.machine import OPEN_STATES, State
from lifecycle.models import Request
from lifecycle.services import messages as message_services
from lifecycle.services import requests as request_services
from lifecycle.services.attachments import attachment_download
from lifecycle.services.transitions import transitions_allowed
from users.decorators import signed_in_user

logger = logging.getLogger(__name__)

REQUESTER_TRANSITIONS = ("answer", "reopen")
COMPLETE = "complete"  # a message and documents added without a change of state
SUCCESS = {
    COMPLETE: _("Votre message a été ajouté à la demande et transmis au guichet."),
    "answer": _("Votre réponse a été transmise au guichet."),
    "reopen": _("Votre demande est rouverte : elle retourne au guichet avec son historique."),
}


def _own_request(request: HttpRequest, number: str) -> Request:
    """The request if the user may see it; otherwise 404 (never 403), and a log line."""
    ticket = selectors.request_get(user=request.user, number=number)
    if ticket is None:
        logger.warning(
            "request %s not found for user %s",
            number[:40],
            request.user.pk,
            extra={"user_id": request.user.pk, "number": number[:40]},
        )
        raise Http404
    return ticket


def _may_complete(ticket: Request, user: Any) -> bool:
    """The requester may add to his open request, except when the desk waits for his answer
    (then « Répondre » moves it back to the queue)."""
    return (
        ticket.requester_id == user.pk
        and ticket.state in OPEN_STATES
        and ticket.state != State.AWAITING_REQUESTER
    )


def _form_for(name: str, ticket: Request, data: Any = None, files: Any = None) -> Any:
    initial = {"version": ticket.version}
    if name == COMPLETE:
        return CompleteForm(data, files)
    if name == "answer":
        return AnswerForm(data, files, initial=initial)
    return ReopenForm(
        data, files, initial=initial, reasons=list(ticket.request_type.reopen_reasons)
    )


def _render_detail(
    request: HttpRequest,
    ticket: Request,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    allowed = {
        spec.name
        for spec in transitions_allowed(ticket, signed_in_user(request))
        if spec.name in REQUESTER_TRANSITIONS
    }
    if _may_complete(ticket, request.user):
        allowed.add(COMPLETE)
    forms = {name: _form_for(name, ticket) for name in allowed}
    if bound is not None and bound[0] in forms:
        forms[bound[0]] = bound[1]
    reopen_until = ticket.reopen_deadline
    return render(
        request,
        "helpdesk/portal/request_detail.html",
        {
            "ticket": ticket,
            "type_label": selectors.request_type_label(ticket.type_key),
            "thread": selectors.portal_thread(request=ticket),
            "attachments": selectors.portal_attachments(request=ticket),
            "history": selectors.portal_status_history(request=ticket),
            "answer_form": forms.get("answer"),
            "complete_form": forms.get(COMPLETE),
            "reopen_form": forms.get("reopen"),
            "reopen_until": reopen_until if "reopen" in allowed else None,
            "reopen_window_over": reopen_until is not None and "reopen" not in allowed,
            "link_issued": ticket.state == State.RESOLVED
            and selectors.request_had_link_issued(request=ticket),
            "is_requester": ticket.requester_id == request.user.pk,
            "sla": request_sla_view(request=ticket, now=machine.now()),
        },
        status=status,
    )


@require_GET
@login_required
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _render_detail(request, _own_request(request, number))


@require_POST
@login_required
def request_action(request: HttpRequest, number: str, name: str) -> HttpResponse:
    """Answer the desk or reopen: errors are shown on the page, the typed text kept."""
    if name not in (*REQUESTER_TRANSITIONS, COMPLETE):
        raise Http404
    ticket = _own_request(request, number)
    form = _form_for(name, ticket, request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, ticket, bound=(name, form), status=400)
    data = form.cleaned_data
    try:
        if name == COMPLETE:
            message_services.message_add_by_requester(
                request=ticket,
                author=request.user,
                body=data["message"],
                files=data["attachments"],
            )
        elif name == "answer":
            request_services.request_answer(
                request=ticket,
                actor=signed_in_user(request),
                message=data["message"],
                files=data["attachments"],
                version=data["version"],
            )
        else:
            request_services.request_reopen(
                request=ticket,
                actor=signed_in_user(request),
                reason=form.reason_text(),
                files=data["attachments"],
                version=data["version"],
            )
    except UploadRefused as error:
        form.add_error("attachments", error.as_validation_error())
        return _render_detail(request, ticket, bound=(name, form), status=400)
    except DomainError as error:
        # Someone acted in between, or the action is not (or no longer) possible: show the
        # request as it is now, with the text he typed if he may still send it.
        messages.error(request, error.message)
        current = _own_request(request, number)
        if name == COMPLETE or not any(
            spec.name == name for spec in transitions_allowed(current, signed_in_user(request))
        ):
            return HttpResponseRedirect(reverse("helpdesk:request_detail", args=[number]))
        retry = _form_for(name, current, {**request.POST.dict(), "version": current.version})
        return _render_detail(request, current, bound=(name, retry), status=error.status)
    messages.success(request, str(SUCCESS[name]))
    return HttpResponseRedirect(reverse("helpdesk:request_detail", args=[number]))


@require_GET
@login_required
def attachment_file(request: HttpRequest, token: str) -> HttpResponseBase:
    """Serve a file to the requester or staff only, as a download that is never rendered."""
    try:
        attachment, handle = attachment_download(token=token, actor=request.user)
    except NotVisible as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.mime,
    )
    response["Content-Length"] = str(handle.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
