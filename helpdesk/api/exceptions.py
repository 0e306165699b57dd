"""The one DRF exception handler: domain errors become ``{"code", "detail"}`` responses."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from documents import UploadRefused, UploadTooLarge
from lifecycle.errors import DomainError

logger = logging.getLogger(__name__)

# SessionAuthentication.enforce_csrf raises PermissionDenied("CSRF Failed: <Django's reason>"),
# two English strings no catalogue translates: the desk answers in its own words instead.
CSRF_FAILED = "CSRF Failed: "


def _csrf_reason(exc: Exception) -> str | None:
    """Django's reason when ``exc`` is DRF's CSRF refusal, else None."""
    if isinstance(exc, PermissionDenied) and str(exc.detail).startswith(CSRF_FAILED):
        return str(exc.detail)[len(CSRF_FAILED) :]
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "detail": exc.message}, status=exc.status)
    if isinstance(exc, UploadRefused):
        return Response({"code": exc.code, "detail": str(exc.message)}, status=422)
    if isinstance(exc, UploadTooLarge):  # a multipart body DRF parses itself (PUT, PATCH)
        return Response({"code": exc.code, "detail": exc.message}, status=413)
    response = drf_exception_handler(exc, context)
    reason = _csrf_reason(exc)
    if response is not None and reason is not None:
        logger.info("csrf refused", extra={"reason": reason})
        response.data = {
            "code": "csrf_failed",
            "detail": _(
                "Requête refusée : le jeton CSRF est absent ou incorrect. "
                "Rechargez la page, puis réessayez."
            ),
        }
        return response
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        response.data["code"] = getattr(detail, "code", "invalid")
    return response
