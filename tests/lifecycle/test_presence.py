"""Who else has a request open, and what changed since a page was loaded."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from lifecycle.presence import presence_beat, presence_others, request_change_since
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_each_one_sees_the_others_on_the_same_request_only(alice, tess, theo, sam, file_request):
    request = file_request(alice)
    other = file_request(alice)

    presence_beat(request=request, user=tess)
    presence_beat(request=request, user=theo)
    presence_beat(request=other, user=sam)

    assert presence_others(request=request, user=tess) == ["Théo Technicien"]
    assert presence_others(request=request, user=theo) == ["Tess Technicienne"]
    assert presence_others(request=request, user=sam) == ["Tess Technicienne", "Théo Technicien"]
    assert presence_others(request=other, user=tess) == ["Sam Superviseur"]


def test_a_beat_expires(alice, tess, theo, file_request, monkeypatch):
    from lifecycle import presence

    request = file_request(alice)
    monkeypatch.setattr(presence, "PRESENCE_TTL", 0.01)
    presence_beat(request=request, user=theo)
    import time

    time.sleep(0.05)

    assert presence_others(request=request, user=tess) == []


def test_it_says_who_did_what_since_the_version_a_page_shows(alice, tess, file_request):
    request = file_request(alice)
    seen = request.version

    assert request_change_since(request=request, version=seen) is None
    move(request, "take", tech=tess)
    change = request_change_since(request=request, version=seen)

    assert change is not None
    assert (change.action, change.actor) == ("Prendre en charge", "Tess Technicienne")
