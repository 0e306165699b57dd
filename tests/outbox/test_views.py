from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from outbox import services
from outbox.models import OutboxEffect, OutboxEvent


@pytest.fixture
def dead_effect(db) -> OutboxEffect:
    with transaction.atomic():
        effect = services.effect_enqueue(
            kind="core.issue_reset_link",
            idempotency_key="req-7-link-1",
            payload={},
            subject_ref="request:7",
        )
    OutboxEffect.objects.filter(pk=effect.pk).update(
        status=OutboxEffect.Status.DEAD, last_error="PermanentError: SIRET inconnu du cœur"
    )
    return effect


def test_a_supervisor_sees_the_failed_effects_and_retries_one(client, sam, dead_effect):
    client.force_login(sam)

    page = client.get(reverse("outbox:failed"))
    assert page.status_code == 200
    assert "SIRET inconnu du cœur" in page.content.decode()
    assert "request:7" not in page.content.decode()  # no such request: no raw reference
    assert "PermanentError" not in page.content.decode()

    response = client.post(reverse("outbox:retry", args=[dead_effect.pk]), follow=True)
    assert "L&#x27;effet a été relancé." in response.content.decode()
    dead_effect.refresh_from_db()
    assert dead_effect.status == OutboxEffect.Status.PENDING
    assert OutboxEvent.objects.get().actor == sam


def test_retrying_an_effect_that_is_not_dead_says_so(client, sam, dead_effect):
    OutboxEffect.objects.filter(pk=dead_effect.pk).update(status=OutboxEffect.Status.DONE)
    client.force_login(sam)

    response = client.post(reverse("outbox:retry", args=[dead_effect.pk]), follow=True)

    assert "n&#x27;est pas en échec" in response.content.decode()
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("who", ["tess", "alice"])
def test_only_supervisors_reach_the_failed_effects(client, request, who, dead_effect):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("outbox:failed")).status_code == 403
    assert client.post(reverse("outbox:retry", args=[dead_effect.pk])).status_code == 403
    dead_effect.refresh_from_db()
    assert dead_effect.status == OutboxEffect.Status.DEAD


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, dead_effect):
    response = client.get(reverse("outbox:failed"))
    assert response.status_code == 302
    assert reverse("users:login") in response["Location"]


def test_the_admin_action_relancer_retries_dead_effects_for_a_supervisor(client, sam, dead_effect):
    sam.is_superuser = True
    sam.save()
    client.force_login(sam)

    response = client.post(
        reverse("admin:outbox_outboxeffect_changelist"),
        {"action": "retry_effects", "_selected_action": [dead_effect.pk]},
        follow=True,
    )

    assert response.status_code == 200
    dead_effect.refresh_from_db()
    assert dead_effect.status == OutboxEffect.Status.PENDING
    assert "1 effet relancé." in response.content.decode()
