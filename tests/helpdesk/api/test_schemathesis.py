"""schemathesis fuzzes every operation of the live schema, as four callers, through WSGI.

Anonymous, a requester's, a technician's and a supervisor's token (the figures answer only
him) call each generated case: no server error, and every answer (status code, content type,
headers, body) is one the schema declares. A bounded number of examples keeps the run short.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from users.api_tokens import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore")]

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    """The schema the app serves, loaded through WSGI like every call that follows.

    As Django's test client does, the calls keep the test's database connection: the end of a
    request would otherwise close it in the middle of the test's transaction.
    """
    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def callers(alice, tess, sam, file_request):
    file_request(alice)  # something to list, read and take
    _a, requester = api_token_create(user=alice, name="Fuzz")
    _t, technician = api_token_create(user=tess, name="Fuzz")
    _s, supervisor = api_token_create(user=sam, name="Fuzz")
    return {
        "anonymous": {},
        "requester": {"Authorization": f"Bearer {requester}"},
        "technician": {"Authorization": f"Bearer {technician}"},
        "supervisor": {"Authorization": f"Bearer {supervisor}"},
    }


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_answer_is_one_the_schema_declares(case, callers):
    for headers in callers.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
