from __future__ import annotations

from django.db import transaction

from outbox import selectors, services
from outbox.models import OutboxEffect


def test_it_lists_the_effects_of_a_subject_in_order_and_the_dead_ones(db):
    with transaction.atomic():
        first = services.effect_enqueue(
            kind="k", idempotency_key="1", payload={}, subject_ref="request:1"
        )
        second = services.effect_enqueue(
            kind="k", idempotency_key="2", payload={}, subject_ref="request:1"
        )
        other = services.effect_enqueue(
            kind="k", idempotency_key="3", payload={}, subject_ref="request:2"
        )
    OutboxEffect.objects.filter(pk__in=[second.pk, other.pk]).update(
        status=OutboxEffect.Status.DEAD
    )

    assert list(selectors.effects_for_subject("request:1")) == [first, second]
    assert set(selectors.failed_effects()) == {second, other}
