"""The demo requests: realistic, in several states, loaded once."""

from __future__ import annotations

import io

import pytest

from lifecycle import demo
from lifecycle.models import Request
from users import demo as users_demo

pytestmark = pytest.mark.django_db


def test_it_files_requests_of_each_type_in_several_states_once(fast_password_hasher):
    users_demo.load(stdout=io.StringIO())

    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())

    states = sorted(Request.objects.values_list("type_key", "state"))
    assert states == [
        ("admin_removal", "in_progress"),
        ("enrolment_cancellation", "awaiting_requester"),
        ("question", "resolved"),
        ("question", "submitted"),
    ]
    assert set(Request.objects.values_list("requester__email", flat=True)) == {demo.EMPLOYER}
