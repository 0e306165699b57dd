"""The requester's pages ("Mon espace")."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from users.decorators import verified_email_required
from workflows import registry


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    return render(request, "helpdesk/portal/portal.html")


@login_required
@verified_email_required
def request_new(request: HttpRequest) -> HttpResponse:
    """The list of request forms this user may file (the "Léa" shortcut lands here)."""
    types = registry.available_to(request.user)
    return render(request, "helpdesk/portal/request_new.html", {"types": types})
