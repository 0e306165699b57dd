"""The one DRF exception handler: every error is ``{"code", "message", "fields"}``.

``code`` is machine-readable, ``message`` is a sentence for a person (French, English through
i18n), ``fields`` maps each refused field to its messages (``{}`` when the error is not about
fields; nested fields are dotted: ``files.0``). Domain errors keep their own code and status;
DRF's errors get the desk's codes and words; an outage (database, cache, core) is a 503 with
``Retry-After``, never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from common.unavailable import is_dependency_error, named_outage
from documents import UploadRefused
from lifecycle.errors import DomainError

# An upload refusal's HTTP status: too big is a 413, a refused type a 415, the rest a 422.
UPLOAD_STATUS = {
    UploadRefused.TOO_LARGE: 413,
    UploadRefused.QUOTA: 413,
    UploadRefused.TOO_MANY_FILES: 413,
    UploadRefused.EXTENSION: 415,
    UploadRefused.TYPE: 415,
    UploadRefused.MISMATCH: 415,
}


def error_body(code: str, message: str, fields: Mapping[str, list[str]] | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": dict(fields or {})}


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field.sub": [messages]}``."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, Mapping | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def _messages() -> dict[type[Exception], tuple[str, str]]:
    return {
        drf_exceptions.NotAuthenticated: (
            "not_authenticated",
            _("Identifiez-vous : connectez-vous ou joignez un jeton d'accès personnel."),
        ),
        drf_exceptions.AuthenticationFailed: (
            "authentication_failed",
            _("Ce jeton d'accès n'est pas valide, a expiré ou a été révoqué."),
        ),
        drf_exceptions.NotFound: ("not_found", _("Cette ressource n'existe pas.")),
        drf_exceptions.MethodNotAllowed: (
            "method_not_allowed",
            _("Cette méthode n'est pas permise sur cette adresse."),
        ),
        drf_exceptions.NotAcceptable: (
            "not_acceptable",
            _("Cette adresse ne sait pas répondre dans le format demandé."),
        ),
        drf_exceptions.UnsupportedMediaType: (
            "unsupported_media_type",
            _("Ce type de contenu n'est pas accepté : envoyez du JSON ou un formulaire multipart."),
        ),
        drf_exceptions.ParseError: (
            "parse_error",
            _("Le corps de la requête n'a pas pu être lu : vérifiez qu'il est bien formé."),
        ),
        drf_exceptions.Throttled: (
            "throttled",
            _("Trop de requêtes en peu de temps. Réessayez dans quelques instants."),
        ),
    }


def _retry_after(response: Response, seconds: int | None = None) -> Response:
    response["Retry-After"] = str(seconds or settings.GUICHET_RETRY_AFTER_SECONDS)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _response(exc, context)
    if response is not None:
        set_rollback()  # nothing half-done stays in an ATOMIC_REQUESTS transaction
    return response


def _response(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        response = Response(error_body(exc.code, exc.message), status=exc.status)
        return _retry_after(response) if exc.status == 503 else response
    if isinstance(exc, UploadRefused):
        status = UPLOAD_STATUS.get(exc.code, 422)
        return Response(error_body(exc.code, str(exc.message)), status=status)
    if is_dependency_error(exc):
        response = Response(
            error_body(
                "unavailable",
                named_outage(exc)
                or _(
                    "Le service est momentanément indisponible. Veuillez réessayer dans un instant."
                ),
            ),
            status=503,
        )
        return _retry_after(response)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    if not isinstance(exc, drf_exceptions.APIException):
        return None
    return _api_exception_response(exc, context)


def _api_exception_response(exc: drf_exceptions.APIException, context: dict[str, Any]) -> Response:
    headers: dict[str, str] = {}
    # APIView set it (and the 401) when an authenticator names a scheme; else it is a 403.
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    if isinstance(exc, drf_exceptions.Throttled):
        headers["Retry-After"] = str(max(1, int(getattr(exc, "wait", None) or 1)))
    if isinstance(exc, drf_exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        body = error_body(
            "invalid", _("Les données envoyées ne sont pas valides : corrigez les champs."), fields
        )
        return Response(body, status=400)
    if isinstance(exc, drf_exceptions.ParseError) and getattr(exc.detail, "code", "") not in (
        "",
        "parse_error",
    ):
        # A refusal with its own code and French words (e.g. ``json_too_deep``).
        return Response(error_body(str(exc.detail.code), str(exc.detail)), status=400)  # type: ignore[union-attr]
    for kind, (code, message) in _messages().items():
        if isinstance(exc, kind):
            return Response(error_body(code, message), status=exc.status_code, headers=headers)
    if isinstance(exc, drf_exceptions.PermissionDenied):
        detail = exc.detail
        code = str(getattr(detail, "code", "") or "permission_denied")
        message = str(detail) if isinstance(detail, str) else ""
        if not message or message == str(drf_exceptions.PermissionDenied.default_detail):
            message = _("Vous n'avez pas le droit de faire cette action.")
        return Response(error_body(code, message), status=403, headers=headers)
    detail = exc.detail
    code = str(getattr(detail, "code", None) or exc.default_code)
    return Response(
        error_body(code, str(detail) if isinstance(detail, str) else str(exc.default_detail)),
        status=exc.status_code,
        headers=headers,
    )
