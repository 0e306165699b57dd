"""The portal's filing page: one page per request type, its form, then the new request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from documents import UploadRefused
from kb.visitor import visitor_key
from lifecycle import registry
from lifecycle.errors import DomainError, DuplicateOpenRequest
from lifecycle.registry import RequestType
from lifecycle.services.filing import request_submit
from users.decorators import signed_in_user, verified_email_required


def _filable_type(user: object, type_key: str) -> type[RequestType]:
    for request_type in registry.available_to(user):
        if request_type.key == type_key:
            return request_type
    raise Http404


@login_required
@verified_email_required
def request_form(request: HttpRequest, type_key: str) -> HttpResponse:
    request_type = _filable_type(request.user, type_key)
    form_class = request_type.form_class
    assert form_class is not None  # available_to() only lists types with a form
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                ticket = request_submit(
                    requester=signed_in_user(request),
                    request_type=request_type,
                    form=form,
                    visitor_key=visitor_key(request, create=False),
                )
            except DuplicateOpenRequest as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except (DomainError, UploadRefused) as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande %(number)s a bien été enregistrée. Vous en suivrez le "
                        "traitement ici et dans « Mon espace »."
                    )
                    % {"number": ticket.number},
                )
                return redirect("helpdesk:request_detail", number=ticket.number)
    else:
        form = form_class(user=request.user)
    return render(
        request,
        form_class.template_name_page,
        {"form": form, "request_type": request_type},
        status=400 if form.is_bound else 200,
    )
