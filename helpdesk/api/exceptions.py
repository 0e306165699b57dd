"""The one DRF exception handler: domain errors become ``{"code", "detail"}`` responses."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from documents import UploadRefused, UploadTooLarge
from lifecycle.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "detail": exc.message}, status=exc.status)
    if isinstance(exc, UploadRefused):
        return Response({"code": exc.code, "detail": str(exc.message)}, status=422)
    if isinstance(exc, UploadTooLarge):  # a multipart body DRF parses itself (PUT, PATCH)
        return Response({"code": exc.code, "detail": exc.message}, status=413)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "code" not in response.data:
        detail = response.data.get("detail")
        response.data["code"] = getattr(detail, "code", "invalid")
    return response
