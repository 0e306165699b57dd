"""A request id that follows a request into the logs and into the Celery tasks it causes."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger("guichet.request")


def new_request_id() -> str:
    return uuid.uuid4().hex


# URL arguments that are secrets (e-mail confirmation and password-reset links): never logged.
SECRET_URL_ARGUMENTS = ("token", "uidb64")


def loggable_path(request: HttpRequest) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_ARGUMENTS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), "[redacted]")
    return path


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestIdMiddleware:
    """Takes a well-formed incoming X-Request-ID or makes one; logs one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        rid = incoming if _VALID.match(incoming) else new_request_id()
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            user = getattr(request, "user", None)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": loggable_path(request),
                    "status": response.status_code,
                    "user_id": getattr(user, "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
