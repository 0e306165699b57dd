"""The presence heartbeat of the staff request page (polled by htmx, no inline script)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from helpdesk.views.backoffice import staff_only
from lifecycle.models import Request
from lifecycle.presence import presence_beat, presence_others, request_change_since
from users.decorators import signed_in_user


@require_POST
@staff_only
def backoffice_presence(request: HttpRequest, number: str) -> HttpResponse:
    """Record that this person has the request open; answer who else has, and whether the
    request changed since his page was loaded (``version``)."""
    ticket = Request.objects.filter(number=number).only("pk", "version").first()
    if ticket is None:
        raise Http404
    user = signed_in_user(request)
    presence_beat(request=ticket, user=user)
    version = request.POST.get("version", "")
    change = (
        request_change_since(request=ticket, version=int(version)) if version.isdigit() else None
    )
    return render(
        request,
        "helpdesk/backoffice/partials/presence_status.html",
        {"others": presence_others(request=ticket, user=user), "change": change},
    )
