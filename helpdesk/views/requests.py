"""The requester's request page (minimal until "Mon espace" is built) and file downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from helpdesk import selectors
from helpdesk.errors import NotFound
from helpdesk.forms import TransitionForm
from helpdesk.models import Request
from helpdesk.services.attachments import attachment_download
from helpdesk.services.transitions import transitions_allowed
from helpdesk.views.common import run_transition_from_form

REQUESTER_TRANSITIONS = ("answer", "reopen")


def _own_request(request: HttpRequest, number: str) -> Request:
    ticket = selectors.request_get(user=request.user, number=number)
    if ticket is None:
        raise Http404
    return ticket


@require_GET
@login_required
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _own_request(request, number)
    return render(
        request,
        "helpdesk/portal/request_detail.html",
        {
            "ticket": ticket,
            "thread": selectors.request_thread(request=ticket, user=request.user),
            "allowed": [
                spec
                for spec in transitions_allowed(ticket, request.user)
                if spec.name in REQUESTER_TRANSITIONS
            ],
            "transition_form": TransitionForm(initial={"version": ticket.version}),
        },
    )


@require_POST
@login_required
def request_action(request: HttpRequest, number: str, name: str) -> HttpResponse:
    if name not in REQUESTER_TRANSITIONS:
        raise Http404
    ticket = _own_request(request, number)
    back_to = reverse("helpdesk:request_detail", args=[number])
    return run_transition_from_form(request, ticket, name, back_to)


@require_GET
@login_required
def attachment_file(request: HttpRequest, token: str) -> HttpResponseBase:
    """Serve a file to the requester or staff only, as a download that is never rendered."""
    try:
        attachment, handle = attachment_download(token=token, actor=request.user)
    except NotFound as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
