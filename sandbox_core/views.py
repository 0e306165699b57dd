"""Pages of the sandbox core: the reset journey (R7–R11, R18) and the administrator's menu."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sandbox_core import clock, throttle
from sandbox_core.forms import LoginForm, PasswordForm, TripletForm
from sandbox_core.models import SandboxActor
from sandbox_core.services import reset

TOKEN_KEY = "sandbox_reset_token"  # noqa: S105 (a session key)
GRANT_KEY = "sandbox_reset_grant"
# How long the verified triplet waits for the password; past it, the triplet is asked again
# (the link, not spent, still works).
GRANT_TTL = timedelta(minutes=15)
ACCOUNT_KEY = "sandbox_account"


def reset_page(
    view: Callable[..., HttpResponse], *, referrer_policy: str = "same-origin"
) -> Callable[..., HttpResponse]:
    """R8: never cached. The URL that carries the token is served with ``no-referrer``.

    The token-less pages that hold a form use ``same-origin``: under ``no-referrer`` browsers
    send ``Origin: null`` with the form's POST, which Django's CSRF check rightly refuses; their
    URL holds nothing secret and a same-origin referrer never leaves the site.
    """

    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = (
            "no-referrer" if response.status_code == 410 else referrer_policy
        )
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def token_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return reset_page(view, referrer_policy="no-referrer")


def _invalid(request: HttpRequest) -> HttpResponse:
    """R9: one page, one status, for unknown, expired, used and revoked links."""
    return render(request, "sandbox/reset_invalid.html", status=410)


@require_safe
@token_page
def reset_open(request: HttpRequest, token: str) -> HttpResponse:
    """R7/R8: keep the token in the session, redirect to a token-less URL; change nothing."""
    request.session.pop(GRANT_KEY, None)
    request.session[TOKEN_KEY] = token
    if request.method == "GET":
        reset.reset_link_opened(token)
    return redirect("sandbox:reset_triplet")


@require_http_methods(["GET", "HEAD", "POST"])
@reset_page
def reset_triplet(request: HttpRequest) -> HttpResponse:
    token = request.session.get(TOKEN_KEY, "")
    if request.method != "POST":
        if not token or not reset.reset_link_is_valid(token):
            return _invalid(request)
        return render(request, "sandbox/reset_triplet.html", {"form": TripletForm()})
    form = TripletForm(request.POST)
    if not token:
        return _invalid(request)
    if not form.is_valid():
        return render(request, "sandbox/reset_triplet.html", {"form": form}, status=400)
    outcome = reset.reset_triplet_submit(token=token, **form.cleaned_data)
    if outcome.result == "accepted":
        # The verified triplet travels in a short-lived step bound to this browser's session;
        # the link itself is spent only when the password is created.
        request.session.pop(TOKEN_KEY, None)
        request.session.cycle_key()
        request.session[GRANT_KEY] = {
            "link_id": outcome.link_id,
            "actor_id": outcome.actor_id,
            "until": (clock.now() + GRANT_TTL).isoformat(),
        }
        return redirect("sandbox:reset_password")
    if outcome.result == "locked":
        response = render(
            request,
            "sandbox/reset_locked.html",
            {"minutes": max(1, -(-outcome.retry_after // 60))},
            status=429,
        )
        response["Retry-After"] = str(outcome.retry_after)
        return response
    if outcome.result == "wrong":
        form = TripletForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Le triplet SIRET / NOM / PRÉNOM saisi ne permet pas d'accéder à ce compte. "
                "Vérifiez votre saisie."
            ),
        )
        return render(request, "sandbox/reset_triplet.html", {"form": form}, status=400)
    return _invalid(request)


def _live_grant(request: HttpRequest) -> dict[str, Any] | None:
    """The verified-triplet step of this session, while it lasts (``GRANT_TTL``)."""
    grant = request.session.get(GRANT_KEY)
    if not isinstance(grant, dict) or "until" not in grant:
        return None
    try:
        until = datetime.fromisoformat(grant["until"])
    except (TypeError, ValueError):
        return None
    if clock.now() >= until:
        request.session.pop(GRANT_KEY, None)
        return None
    return grant


@require_http_methods(["GET", "HEAD", "POST"])
@reset_page
def reset_password(request: HttpRequest) -> HttpResponse:
    grant = _live_grant(request)
    if not grant:
        return _invalid(request)
    if request.method != "POST":
        return render(request, "sandbox/reset_password.html", {"form": PasswordForm()})
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return render(request, "sandbox/reset_password.html", {"form": form}, status=400)
    done = reset.reset_password_set(
        link_id=grant["link_id"], actor_id=grant["actor_id"], password=form.cleaned_data["password"]
    )
    request.session.pop(GRANT_KEY, None)
    if not done:
        return _invalid(request)
    # R18: no automatic login; the administrator signs in with the new password.
    messages.success(
        request, _("Votre mot de passe a été créé. Connectez-vous avec votre nouveau mot de passe.")
    )
    return redirect("sandbox:login")


@require_http_methods(["GET", "HEAD", "POST"])
@reset_page
def login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "sandbox/login.html", {"form": LoginForm()})
    form = LoginForm(request.POST)
    if not form.is_valid():
        return render(request, "sandbox/login.html", {"form": form}, status=400)
    data = form.cleaned_data
    account = throttle.account_of(
        siret=data["siret"], last_name=data["last_name"], first_name=data["first_name"]
    )
    ip = throttle.client_ip(request)
    if throttle.login_blocked(account=account, ip=ip):
        form.add_error(
            None,
            _("Trop de tentatives de connexion infructueuses. Réessayez dans %(minutes)s minutes.")
            % {"minutes": throttle.WINDOW_SECONDS // 60},
        )
        response = render(request, "sandbox/login.html", {"form": form}, status=429)
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    actor = reset.sandbox_login(**data)
    if actor is None or actor.password_set_at is None:
        throttle.login_failed(account=account, ip=ip)
        form.add_error(None, _("Identifiants incorrects."))
        return render(request, "sandbox/login.html", {"form": form}, status=400)
    throttle.login_succeeded(account=account)
    request.session.cycle_key()
    request.session[ACCOUNT_KEY] = {
        "actor_id": actor.pk,
        "stamp": _session_stamp(actor),
    }
    return redirect("sandbox:menu")


def _session_stamp(actor: SandboxActor) -> str:
    """Like Django's session auth hash: changes whenever the password does."""
    return salted_hmac("sandbox-session", actor.password).hexdigest()


def _signed_in_actor(request: HttpRequest) -> SandboxActor | None:
    account = request.session.get(ACCOUNT_KEY)
    if not account:
        return None
    actor = SandboxActor.objects.select_related("company").filter(pk=account["actor_id"]).first()
    # R18: a new password ends the sessions opened with the previous one.
    if actor is None or actor.password_set_at is None:
        return None
    if not constant_time_compare(_session_stamp(actor), account["stamp"]):
        return None
    return actor


@require_safe
@reset_page
def menu(request: HttpRequest) -> HttpResponse:
    actor = _signed_in_actor(request)
    if actor is None:
        request.session.pop(ACCOUNT_KEY, None)
        return redirect("sandbox:login")
    company = actor.company
    context = {
        "actor": actor,
        "company": company,
        "establishments": company.establishments.order_by("siret"),
        "declarations": [
            "DSN régime général",
            "AC (saisie)",
            "Attestation de salaire",
            "Compte AT/MP",
        ],
    }
    return render(request, "sandbox/menu.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    request.session.pop(ACCOUNT_KEY, None)
    return redirect("sandbox:login")
