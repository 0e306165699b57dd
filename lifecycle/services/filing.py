"""Filing a request from a type's validated form, from the portal or the API."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from kb.services import search_mark_followed
from lifecycle.errors import TransitionRefused
from lifecycle.forms import RequestTypeForm
from lifecycle.models import Request
from lifecycle.models.requests import ONE_OPEN_LIQUIDATOR_ACCESS
from lifecycle.registry import RequestType
from lifecycle.services.requests import request_file

# SQLite names the columns rather than the index (the embedded profile).
_ONE_OPEN_SQLITE = "lifecycle_request.requester_id, lifecycle_request.siret"


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
