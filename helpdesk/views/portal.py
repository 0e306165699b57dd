"""The requester's pages ("Mon espace"): his requests, and the list of request forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from helpdesk import selectors
from helpdesk.models import Request
from users.decorators import email_is_verified, verified_email_required
from workflows import registry
from workflows.lifecycle import PublicStatus

PAGE_SIZE = 20


@dataclass(frozen=True)
class PortalRow:
    ticket: Request
    type_label: str


@require_GET
@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """ "Mon espace": the user's requests, newest first, filtered by public status, paginated."""
    status = request.GET.get("statut", "")
    if status not in PublicStatus.values:
        status = ""
    requests = selectors.portal_requests(user=request.user, status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [PortalRow(t, selectors.request_type_label(t.type_key)) for t in page.object_list]
    return render(
        request,
        "helpdesk/portal/portal.html",
        {
            "page": page,
            "rows": rows,
            "statuses": PublicStatus.choices,
            "selected_status": status,
            "email_verified": email_is_verified(request.user),
        },
    )


@login_required
@verified_email_required
def request_new(request: HttpRequest) -> HttpResponse:
    """The list of request forms this user may file (the "Léa" shortcut lands here)."""
    types = registry.available_to(request.user)
    return render(request, "helpdesk/portal/request_new.html", {"types": types})
