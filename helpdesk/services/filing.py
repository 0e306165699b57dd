"""Filing a request from a type's validated form, from the portal or the API."""

from __future__ import annotations

from typing import Any

from helpdesk.models import Request
from helpdesk.services.requests import request_file
from kb.services import search_mark_followed
from workflows.forms import RequestTypeForm
from workflows.registry import RequestType


def request_submit(
    *,
    requester: Any,
    request_type: type[RequestType],
    form: RequestTypeForm,
    visitor_key: str = "",
) -> Request:
    """File the request described by a valid form; the visitor's searches count as followed.

    Raises what ``request_file`` raises (``DomainError``, ``UploadRefused``) with nothing filed.
    """
    filing = form.to_filing()
    request = request_file(requester=requester, type_key=request_type.key, **filing.as_kwargs())
    search_mark_followed(session_key=visitor_key or None, user=requester)
    return request
