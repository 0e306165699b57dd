"""The supervisors' page of failed side effects: readable rows, and a « Relancer » that either
really runs the effect again or says why it cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.machine import State
from lifecycle.services import requests as services
from outbox.models import OutboxEffect, OutboxEvent
from outbox.relay import effects_dispatch_due
from outbox.services import effect_execute
from tests.lifecycle.conftest import move, pending_effects
from tests.lifecycle.fake_types import FakeCore, PermanentError

pytestmark = pytest.mark.django_db


def run_due_effects() -> list[str]:
    """What the relay and the worker do: dispatch the due effects, then execute them."""
    ids: list[int] = []
    effects_dispatch_due(publish=ids.append)
    return [effect_execute(effect_id=pk) for pk in ids]


@pytest.fixture
def executing(alice, tess, file_request):
    request = file_request(alice, type_key="test_core", data={"documents_checked": True})
    request = move(request, "take", tech=tess)
    return services.request_execute(request=request, actor=tess)


@pytest.fixture
def dead_core_action(executing):
    """The core refused the action: the effect is dead, the request back with its technician."""
    FakeCore.fail_with = PermanentError("L'administrateur à radier est inconnu du cœur.")
    run_due_effects()
    FakeCore.fail_with = None
    (effect,) = pending_effects(executing, services.CORE_ACTION)
    assert effect.status == OutboxEffect.Status.DEAD
    return effect


def test_it_shows_the_request_number_with_a_link_and_a_french_error(client, sam, dead_core_action):
    client.force_login(sam)

    page = client.get(reverse("outbox:failed")).content.decode()

    request = services.Request.objects.get(pk=dead_core_action.payload["request_id"])
    link = reverse("helpdesk:backoffice_detail", args=[request.number])
    assert f'<a href="{link}">{request.number}</a>' in page
    assert "Action sur le cœur des comptes" in page
    assert "L&#x27;administrateur à radier est inconnu du cœur." in page
    for internal in ("request:", "PermanentError", "request.core_action"):
        assert internal not in page


def test_it_says_why_a_core_action_given_back_to_the_technician_cannot_be_retried(
    client, sam, dead_core_action
):
    client.force_login(sam)
    request = services.Request.objects.get(pk=dead_core_action.payload["request_id"])
    assert request.state == State.IN_PROGRESS

    page = client.get(reverse("outbox:failed")).content.decode()
    assert "data-retry-refusal" in page
    response = client.post(reverse("outbox:retry", args=[dead_core_action.pk]), follow=True)

    text = response.content.decode()
    assert "L&#x27;effet a été relancé" not in text
    assert f"la demande {request.number} a été rendue au technicien" in text
    dead_core_action.refresh_from_db()
    assert dead_core_action.status == OutboxEffect.Status.DEAD
    assert not OutboxEvent.objects.filter(action=OutboxEvent.Action.RETRIED).exists()


def test_it_really_retries_a_core_action_whose_request_still_waits_for_it(client, sam, executing):
    """The effect died but its request is still executing (its return to the technician failed):
    « Relancer » runs the action on the core again and the request is resolved."""
    (effect,) = pending_effects(executing, services.CORE_ACTION)
    OutboxEffect.objects.filter(pk=effect.pk).update(
        status=OutboxEffect.Status.DEAD, last_error="Le cœur ne répondait pas."
    )
    client.force_login(sam)

    response = client.post(reverse("outbox:retry", args=[effect.pk]), follow=True)
    assert "L&#x27;effet a été relancé." in response.content.decode()
    run_due_effects()

    effect.refresh_from_db()
    executing.refresh_from_db()
    assert effect.status == OutboxEffect.Status.DONE
    assert effect.result == {"operation": "done"}
    assert FakeCore.calls == [(executing.pk, effect.idempotency_key)]
    assert executing.state == State.RESOLVED
