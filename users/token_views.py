"""The profile page's personal API tokens: create one (shown once), revoke one."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from users.api_tokens import api_token_create, api_token_revoke
from users.models import User
from users.token_forms import ApiTokenForm
from users.views import profile_page


@login_required
@require_POST
def api_token_new(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return profile_page(request, user=user, token_form=form, status=400)
    _token, raw = api_token_create(
        user=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
    )
    response = profile_page(request, user=user, new_token=raw)
    response["Cache-Control"] = "no-store"  # the token is on this page only, once
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, prefix: str) -> HttpResponse:
    if not api_token_revoke(user=cast(User, request.user), prefix=prefix):
        raise Http404
    messages.success(request, _("Le jeton a été révoqué : il ne donne plus accès à l'API."))
    return redirect("users:profile")
