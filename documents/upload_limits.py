"""Upload limits on every request: the streaming handler first, a French 413 when crossed.

Django parses a multipart body the first time ``request.POST`` or ``request.FILES`` is read —
by the CSRF middleware, before the view. This middleware installs
``documents.handlers.LimitedUploadHandler`` before anything reads the body, and reads it
itself just before the CSRF middleware does, so a crossed limit is answered here instead of by
Django's raw « Bad Request » (``TooManyFilesSent``) or a 500:

- one file over ``GUICHET_UPLOAD_MAX_BYTES``, or a body over the whole allowance: **413**,
  code ``too_large``;
- more files than ``GUICHET_UPLOAD_MAX_FILES`` / ``DATA_UPLOAD_MAX_NUMBER_FILES``: **413** too,
  code ``too_many_files``. The body is well formed; it is larger than the desk accepts in one
  request (RFC 9110 §15.5.14), like an oversized file, and the remedy is the same: send less.

A page gets a French page in the site's layout; the API (``/api/``, or a JSON ``Accept``)
gets ``{"code", "message", "fields"}``, the shape of ``helpdesk.api.exceptions``. Uploads DRF
parses itself (a multipart PUT) raise inside the view: ``process_exception`` answers them
the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render

from common import metrics
from common.unavailable import wants_json
from documents.errors import UploadRefused, UploadTooLarge
from documents.handlers import LimitedUploadHandler, too_many_files_message


def refusal(error: BaseException) -> tuple[str, str] | None:
    """``(code, French message)`` for an upload-limit error, ``None`` for anything else."""
    if isinstance(error, UploadTooLarge):
        return error.code, error.message
    if isinstance(error, TooManyFilesSent):
        return UploadRefused.TOO_MANY_FILES, too_many_files_message()
    return None


def refusal_response(request: HttpRequest, code: str, message: str) -> HttpResponse:
    metrics.upload_refused(code)
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"code": code, "message": message, "fields": {}}, status=413)
    else:
        response = render(request, "common/upload_refused.html", {"message": message}, status=413)
    # The rest of the body is not read: the client must not reuse the connection for it.
    response["Connection"] = "close"
    return response


class UploadLimitsMiddleware:
    """Place it before ``CsrfViewMiddleware`` (its ``process_view`` must run first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.upload_handlers = [LimitedUploadHandler(request), *request.upload_handlers]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> HttpResponse | None:
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        try:
            request.POST  # noqa: B018  (parses the body through the limited handler)
        except (UploadTooLarge, TooManyFilesSent) as error:
            # Nothing may read the half-parsed body again (Django does this for its own errors).
            request._mark_post_parse_error()  # type: ignore[attr-defined]
            code, message = refusal(error) or ("", "")
            return refusal_response(request, code, message)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        found = refusal(exception)
        return refusal_response(request, *found) if found else None
