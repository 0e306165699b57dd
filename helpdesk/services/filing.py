"""Filing a request from a type's validated form, from the portal or the API."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from helpdesk.errors import TransitionRefused
from helpdesk.models import Request
from helpdesk.models.requests import ONE_OPEN_LIQUIDATOR_ACCESS
from helpdesk.services.requests import request_file
from kb.services import search_mark_followed
from workflows.forms import RequestTypeForm
from workflows.registry import RequestType

# SQLite names the columns rather than the index (the embedded profile).
_ONE_OPEN_SQLITE = "helpdesk_request.requester_id, helpdesk_request.siret"


def request_submit(
    *,
    requester: Any,
    request_type: type[RequestType],
    form: RequestTypeForm,
    visitor_key: str = "",
) -> Request:
    """File the request described by a valid form; the visitor's searches count as followed.

    Raises what ``request_file`` raises (``DomainError``, ``UploadRefused``) with nothing filed;
    a uniqueness rule lost to a concurrent filing is a ``TransitionRefused`` too.
    """
    filing = form.to_filing()
    try:
        request = request_file(requester=requester, type_key=request_type.key, **filing.as_kwargs())
    except IntegrityError as error:
        if ONE_OPEN_LIQUIDATOR_ACCESS not in str(error) and _ONE_OPEN_SQLITE not in str(error):
            raise
        # Lost a race with another filing that the form's own check could not see yet.
        raise TransitionRefused(
            "already_open",
            _("Une demande est déjà en cours pour ce SIRET : retrouvez-la dans « Mon espace »."),
        ) from error
    search_mark_followed(session_key=visitor_key or None, user=requester)
    return request
