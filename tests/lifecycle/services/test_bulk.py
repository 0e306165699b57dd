"""One action on several picked requests: the others are done, the refused ones say why."""

from __future__ import annotations

import pytest

from lifecycle.errors import InvalidInput
from lifecycle.machine import State
from lifecycle.models import Request
from lifecycle.services.bulk import Pick, picks_parse, requests_bulk_act
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def pick(request) -> Pick:
    return Pick(number=request.number, version=request.version)


def test_it_reads_picks_and_drops_malformed_ones_and_duplicates():
    picks = picks_parse(["DEM-2026-000001:3", "DEM-2026-000001:4", "x", ":2", "DEM-2026-2:a"])

    assert picks == [Pick("DEM-2026-000001", 3)]


def test_a_bulk_take_does_the_free_ones_and_lists_the_others_with_the_reason(
    alice, tess, theo, file_request
):
    free = file_request(alice)
    taken = move(file_request(alice), "take", tech=theo)
    stale = file_request(alice)
    seen = pick(stale)
    move(stale, "take", tech=theo)
    move(Request.objects.get(pk=stale.pk), "resolve", tech=theo)

    result = requests_bulk_act(
        picks=[pick(free), pick(taken), seen, Pick("DEM-1999-000001", 1)],
        action="take",
        actor=tess,
    )

    assert result.done == [free.number]
    refused = dict(result.refused)
    assert set(refused) == {taken.number, stale.number, "DEM-1999-000001"}
    assert "impossible : la demande est « En cours de traitement »" in refused[taken.number]
    assert "modifiée entre-temps" in refused[stale.number]
    assert refused["DEM-1999-000001"] == "Cette demande n'existe pas."
    assert Request.objects.get(pk=free.pk).assignee == tess
    assert Request.objects.get(pk=taken.pk).assignee == theo


def test_a_supervisor_reassigns_in_bulk_and_a_technician_cannot(
    alice, tess, theo, sam, file_request
):
    first = move(file_request(alice), "take", tech=tess)
    second = file_request(alice)

    by_tess = requests_bulk_act(picks=[pick(first)], action="assign", actor=tess, technician=theo)
    by_sam = requests_bulk_act(
        picks=[pick(first), pick(second)], action="assign", actor=sam, technician=theo
    )

    assert by_tess.done == []
    assert by_sam.done == [first.number, second.number]
    assert set(Request.objects.values_list("assignee", flat=True)) == {theo.pk}
    with pytest.raises(InvalidInput):
        requests_bulk_act(picks=[pick(second)], action="assign", actor=sam, technician=alice)


def test_questions_close_in_bulk_with_a_message_and_core_action_types_are_refused(
    alice, tess, file_request
):
    question = move(file_request(alice), "take", tech=tess)
    with_action = move(file_request(alice, type_key="test_core"), "take", tech=tess)

    result = requests_bulk_act(
        picks=[pick(question), pick(with_action)],
        action="close_question",
        actor=tess,
        message="Votre question a reçu sa réponse dans la base de connaissances.",
    )

    assert result.done == [question.number]
    assert "questions" in dict(result.refused)[with_action.number]
    closed = Request.objects.get(pk=question.pk)
    assert (closed.state, closed.outcome) == (State.RESOLVED, "done")
    assert closed.messages.filter(body__startswith="Votre question a reçu").exists()
    assert Request.objects.get(pk=with_action.pk).state == State.IN_PROGRESS


def test_a_bulk_action_needs_an_action_a_pick_and_for_closing_a_message(alice, tess, file_request):
    request = file_request(alice)

    for kwargs in (
        {"action": "explode", "picks": [pick(request)]},
        {"action": "take", "picks": []},
        {"action": "close_question", "picks": [pick(request)], "message": "  "},
    ):
        with pytest.raises(InvalidInput):
            requests_bulk_act(actor=tess, **kwargs)
    assert Request.objects.get(pk=request.pk).state == State.SUBMITTED
