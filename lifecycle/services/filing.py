"""Filing a request from a type's validated form, from the portal or the API."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from kb.services import search_mark_followed
from lifecycle.forms import RequestTypeForm
from lifecycle.models import Request
from lifecycle.registry import RequestType
from lifecycle.services.requests import request_file
from users.models import User


def request_submit(
    *,
    requester: User,
    request_type: type[RequestType],
    form: RequestTypeForm,
    visitor_key: str = "",
) -> Request:
    """File the request described by a valid form; the visitor's searches count as followed.

    Raises what ``request_file`` raises (``DomainError`` — ``DuplicateOpenRequest`` when a
    concurrent filing took the type's open key first —, ``UploadRefused``) with nothing filed.
    """
    # The text a type composes here is stored and read by the desk: it is written in the desk's
    # language (French), whatever language the requester's page was shown in.
    with translation.override(settings.LANGUAGE_CODE):
        filing = form.to_filing()
    request = request_file(requester=requester, type_key=request_type.key, **filing.as_kwargs())
    search_mark_followed(session_key=visitor_key or None, user=requester)
    return request
