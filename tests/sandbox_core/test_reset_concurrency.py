"""R6 and R12 under real concurrency: threads, each with its own PostgreSQL connection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from django.db import connection

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from sandbox_core.models import SandboxActor, SandboxResetEvent, SandboxResetLink
from sandbox_core.services.reset import (
    TripletOutcome,
    reset_password_set,
    reset_triplet_submit,
)
from tests.accounts_bridge.conftest import SIRET, token_from_last_email

JF = PersonName("Lefèvre", "Jean-François")


def issue() -> str:
    InProcessCore().issue_reset_link(
        siret=SIRET,
        administrator=JF,
        recipient_email="liam@example.com",
        request_ref="REQ-1",
        idempotency_key="k",
    )
    return token_from_last_email()


def submit_concurrently(token: str, last_name: str, count: int) -> list[TripletOutcome]:
    barrier = Barrier(count)

    def one() -> TripletOutcome:
        try:
            barrier.wait(timeout=10)
            return reset_triplet_submit(
                token=token, siret=SIRET, last_name=last_name, first_name="Jean-François"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: one(), range(count)))


def test_20_concurrent_correct_triplets_spend_nothing(sandbox):
    outcomes = submit_concurrently(issue(), "Lefèvre", 20)

    assert {o.result for o in outcomes} == {"accepted"}
    link = SandboxResetLink.objects.get()
    assert link.verified_at is not None
    assert link.consumed_at is None


def test_20_concurrent_password_submissions_spend_the_link_exactly_once(sandbox):
    [outcome] = submit_concurrently(issue(), "Lefèvre", 1)
    barrier = Barrier(20)

    def one(n: int) -> bool:
        try:
            barrier.wait(timeout=10)
            return reset_password_set(
                link_id=outcome.link_id, actor_id=outcome.actor_id, password=f"Nouveau{n:02d}ab"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))

    assert results.count(True) == 1
    assert SandboxResetEvent.objects.filter(kind="consumed").count() == 1
    assert SandboxResetEvent.objects.filter(kind="password_set").count() == 1
    assert SandboxActor.objects.get(last_name="Lefèvre").password != ""
    assert SandboxResetLink.objects.get().consumed_at is not None


def test_50_concurrent_wrong_triplets_are_evaluated_exactly_5_times(sandbox):
    outcomes = submit_concurrently(issue(), "Inconnu", 50)

    results = [o.result for o in outcomes]
    assert results.count("wrong") == 4
    assert results.count("locked") == 46
    assert SandboxResetEvent.objects.filter(kind="triplet_failed").count() == 5
    assert SandboxResetEvent.objects.filter(kind="locked").count() == 1


def test_concurrent_issues_with_one_key_create_one_link_and_send_one_email(sandbox):
    from django.core import mail

    from core_contract import Conflict
    from sandbox_core.models import SandboxResetLink

    barrier = Barrier(8)

    def one() -> str:
        try:
            barrier.wait(timeout=10)
            link = InProcessCore().issue_reset_link(
                siret=SIRET,
                administrator=JF,
                recipient_email="liam@example.com",
                request_ref="REQ-1",
                idempotency_key="same-key",
            )
            return link.link_id
        except Conflict as error:
            return "conflict" if error.retryable else "permanent conflict"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: one(), range(8)))

    assert SandboxResetLink.objects.count() == 1
    assert len(mail.outbox) == 1
    assert set(results) - {"conflict"} == {str(SandboxResetLink.objects.get().link_id)}
