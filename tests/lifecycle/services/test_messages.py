"""The thread: staff replies and internal notes."""

from __future__ import annotations

import pytest

from lifecycle import selectors
from lifecycle.errors import Forbidden, InvalidInput, TransitionRefused
from lifecycle.models import Message
from lifecycle.services import messages as message_services
from lifecycle.services import requests as services
from tests.lifecycle.conftest import move, pending_effects

pytestmark = pytest.mark.django_db


def test_an_internal_note_is_for_staff_only(alice, tess, theo, file_request):
    request = move(file_request(alice), "take", tech=tess)

    note = message_services.message_post(
        request=request, author=tess, body="Appeler le greffe.", internal=True
    )

    assert note.visibility == Message.Visibility.INTERNAL
    assert note in selectors.request_thread(request=request, user=theo)
    assert note not in selectors.request_thread(request=request, user=alice)
    request.refresh_from_db()
    assert request.first_response_at is None  # a note is not an answer


def test_a_public_reply_is_a_first_response_without_changing_the_status(
    alice, tess, file_request, clock
):
    request = move(file_request(alice), "take", tech=tess)
    clock.advance(minutes=30)

    reply = message_services.message_post(
        request=request, author=tess, body="Nous regardons.", internal=False
    )

    request.refresh_from_db()
    assert reply in selectors.request_thread(request=request, user=alice)
    assert request.first_response_at == clock.current
    assert request.state == "in_progress"
    assert len(pending_effects(request, "email.request_status")) == 1  # only the filing


def test_a_requester_cannot_post_notes_and_messages_cannot_be_empty(alice, tess, file_request):
    request = file_request(alice)

    with pytest.raises(Forbidden):
        message_services.message_post(request=request, author=alice, body="x", internal=True)
    with pytest.raises(InvalidInput):
        message_services.message_post(request=request, author=tess, body="  ", internal=True)
    assert request.messages.count() == 1


@pytest.mark.parametrize("internal", [False, True])
def test_a_closed_request_is_read_only(alice, tess, file_request, clock, internal):
    request = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=400)
    services.request_close_due()
    count = request.messages.count()

    with pytest.raises(TransitionRefused) as caught:
        message_services.message_post(request=request, author=tess, body="x", internal=internal)

    assert caught.value.code == "request_closed"
    assert request.messages.count() == count


def test_only_the_requester_completes_his_request(alice, bob, tess, file_request):
    request = file_request(alice)

    for other in (bob, tess):
        with pytest.raises(Forbidden):
            message_services.message_add_by_requester(request=request, author=other, body="x")
    assert request.messages.count() == 1


def test_completing_keeps_the_state_and_the_version(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    message_services.message_add_by_requester(request=request, author=alice, body="Précision.")

    request.refresh_from_db()
    assert (request.state, request.version) == ("in_progress", 2)
    assert request.messages.latest("id").body == "Précision."
    assert request.first_response_at is None  # the requester's words are not a response
