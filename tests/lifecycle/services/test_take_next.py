from __future__ import annotations

import pytest

from lifecycle.services import requests as services

pytestmark = pytest.mark.django_db


def test_it_claims_the_oldest_unassigned_request_of_the_type(alice, tess, file_request, clock):
    oldest = file_request(alice)
    clock.advance(minutes=1)
    core = file_request(alice, type_key="test_core")
    clock.advance(minutes=1)
    file_request(alice)

    assert services.request_take_next(actor=tess, type_key="test_core") == core
    first = services.request_take_next(actor=tess)
    assert first == oldest
    assert first is not None
    assert (first.state, first.assignee) == ("in_progress", tess)


def test_it_returns_none_when_the_queue_is_empty(tess):
    assert services.request_take_next(actor=tess) is None
