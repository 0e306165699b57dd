"""While a dependency is down, answer 503 with ``Retry-After`` — never a bare 500 (SECURITY I6).

``config.urls.handler500`` calls :func:`server_error` for every uncaught exception, wherever it
was raised (a view, DRF, a middleware such as the session saving its row). An exception caused
by PostgreSQL, Redis, the broker, the account core or the document store being unreachable
becomes a 503: a French page, or ``{"code": "unavailable", "message": …, "fields": {}}`` for the
API. Anything else stays a 500.
"""

from __future__ import annotations

import sys
from typing import Any

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from core_contract import Unavailable


class DependencyUnavailable(Exception):
    """Raised by a lower layer's client for an outage of its own dependency (the document store).

    A subclass may name the outage for the user with a French ``message``."""

    message: Any = ""


DEPENDENCY_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
    Unavailable,
    DependencyUnavailable,
)


def is_dependency_error(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from or while handling, is an outage."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DEPENDENCY_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def named_outage(exc: BaseException | None) -> str:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DependencyUnavailable) and exc.message:
            return str(exc.message)
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return ""


def unavailable_response(request: HttpRequest, detail: str = "") -> HttpResponse:
    """The 503 itself: renders nothing that needs the database, the cache or the session."""
    detail = detail or _(
        "Le service est momentanément indisponible. Veuillez réessayer dans un instant."
    )
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(
            {"code": "unavailable", "message": detail, "fields": {}}, status=503
        )
    else:
        html = render_to_string("common/unavailable.html", {"detail": detail})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.GUICHET_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if is_dependency_error(exc):
        return unavailable_response(request, named_outage(exc))
    try:
        return defaults.server_error(request)
    except Exception:  # the error page itself failed (a missing static manifest, say)
        # Raised from here, Django would call this handler again from each middleware's layer
        # and the worker would hang; a page of plain text ends the request.
        return HttpResponseServerError(
            _("Une erreur est survenue : le guichet n'a pas pu afficher cette page."),
            content_type="text/plain; charset=utf-8",
        )
