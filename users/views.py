"""Account pages: registration, e-mail confirmation, the profile.

Thin: validate, call a service, answer."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from users import roles, selectors, services, throttle
from users.api_tokens import api_tokens_of
from users.decorators import email_is_verified
from users.forms import EmailChangeForm, LoginForm, RegistrationForm
from users.models import User
from users.token_forms import ApiTokenForm
from users.tokens import EmailVerificationError


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """ "S'inscrire". The answer is the same whether or not the address has an account."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_register(**form.service_arguments())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("users:register_done")
    return render(request, "users/register.html", {"form": form})


@require_http_methods(["GET"])
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "users/register_done.html")


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button and changes nothing (mail scanners open links); POST confirms."""
    try:
        if request.method == "POST":
            services.user_verify_email(token=token)
        else:
            user = selectors.user_from_verification_token(token=token)
    except EmailVerificationError as exc:
        return render(
            request, "users/verify_email_invalid.html", {"error": exc.message}, status=400
        )
    if request.method == "POST":
        messages.success(request, _("Votre adresse électronique est confirmée."))
        if request.user.is_authenticated:
            return redirect("helpdesk:portal")
        return redirect("users:login")
    return render(request, "users/verify_email.html", {"account": user, "token": token})


@login_required
@require_http_methods(["GET"])
def verification_required(request: HttpRequest) -> HttpResponse:
    """The page the ``verified_email_required`` guard shows, reachable on its own too."""
    if email_is_verified(request.user):
        return redirect("helpdesk:portal")
    return render(request, "users/verification_required.html", {"next": ""})


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponseRedirect:
    user = cast(User, request.user)  # login_required
    if user.email_verified:
        messages.info(request, _("Votre adresse électronique est déjà confirmée."))
    elif services.user_resend_verification(user=user):
        messages.success(
            request,
            _("Un nouveau lien de confirmation a été envoyé à %(email)s.") % {"email": user.email},
        )
    else:
        messages.info(
            request,
            _(
                "Un lien vient de vous être envoyé. Consultez votre messagerie "
                "(pensez aux courriers indésirables) avant d'en demander un autre."
            ),
        )
    return redirect(_safe_next(request) or reverse("users:verification_required"))


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else ""


# --- Profile ("Mon profil"): identity, change of address, link to change the password ---------
@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The answer to a change of address is the same whether or not the address is taken."""
    user = cast(User, request.user)  # login_required
    form = EmailChangeForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        services.user_request_email_change(user=user, new_email=form.cleaned_data["new_email"])
        messages.success(
            request,
            _(
                "Un lien de confirmation a été envoyé à %(email)s. Votre adresse ne changera "
                "qu'une fois ce lien ouvert ; d'ici là, continuez à utiliser l'adresse actuelle."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("users:profile")
    return profile_page(request, user=user, form=form, status=400 if form.is_bound else 200)


def profile_page(
    request: HttpRequest,
    *,
    user: User,
    form: EmailChangeForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: str = "",
    status: int = 200,
) -> HttpResponse:
    """The profile page, with whichever of its forms was just posted."""
    context = {
        "account": user,
        "form": form or EmailChangeForm(user=user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": api_tokens_of(user=user),
        "new_token": new_token,
    }
    return render(request, "users/profile.html", context, status=status)


@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button and changes nothing (mail scanners open links); POST confirms."""
    try:
        if request.method == "POST":
            user = services.user_confirm_email_change(token=token)
        else:
            change = selectors.email_change_from_token(token=token)
    except EmailVerificationError as exc:
        return render(
            request, "users/profile_email_invalid.html", {"error": exc.message}, status=400
        )
    if request.method == "POST":
        messages.success(
            request,
            _("Votre adresse électronique est désormais %(email)s.") % {"email": user.email},
        )
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect("users:profile")
        return redirect("users:login")
    return render(
        request, "users/profile_email_confirm.html", {"new_email": change.new_email, "token": token}
    )


class LoginView(auth_views.LoginView):
    """ "Se connecter"; a throttled attempt is answered 429 with ``Retry-After``."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Without a ``next``: supervisors to their desk, technicians to their queue,
        requesters to « Mon espace »."""
        if roles.is_supervisor(self.request.user):
            return reverse("helpdesk:desk")
        if roles.is_technician(self.request.user):
            return reverse("helpdesk:backoffice_list")
        return reverse("helpdesk:portal")

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.throttled:
            return throttle.answer_blocked(response)
        return response
