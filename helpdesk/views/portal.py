"""The requester's pages ("Mon espace"): his requests, and the list of request forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET

from lifecycle import registry, selectors
from lifecycle.machine import PublicStatus
from lifecycle.models import Request
from users.decorators import email_is_verified, verified_email_required

PAGE_SIZE = 20


@dataclass(frozen=True)
class PortalRow:
    """One line of the list, every value already a plain string: the page renders 20 of them
    on each visit, and resolving lazy labels and filters in the template dominated its cost."""

    number: str
    url: str
    type_label: str
    subject: str
    siret: str
    status: str
    status_label: str
    updated_iso: str
    updated_text: str

    @classmethod
    def of(cls, ticket: Request, status_labels: dict[str, str]) -> PortalRow:
        updated = localtime(ticket.updated_at)
        return cls(
            number=ticket.number,
            url=reverse("helpdesk:request_detail", args=[ticket.number]),
            type_label=selectors.request_type_label(ticket.type_key),
            subject=ticket.subject,
            siret=ticket.siret,
            status=ticket.public_status.value,
            status_label=status_labels[ticket.public_status.value],
            updated_iso=updated.isoformat(timespec="minutes"),
            updated_text=updated.strftime("%d/%m/%Y %H:%M"),
        )


@require_GET
@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """ "Mon espace": the user's requests, newest first, filtered by public status, paginated."""
    status = request.GET.get("statut", "")
    if status not in PublicStatus.values:
        status = ""
    requests = selectors.portal_requests(user=request.user, status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = [(value, str(label)) for value, label in PublicStatus.choices]
    labels = dict(statuses)
    rows = [PortalRow.of(ticket, labels) for ticket in page.object_list]
    return render(
        request,
        "helpdesk/portal/portal.html",
        {
            "page": page,
            "rows": rows,
            "statuses": statuses,
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
