from datetime import timedelta

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from sandbox_core.models import SandboxResetEvent, SandboxResetLink
from sandbox_core.services.reset import reset_links_purge
from sandbox_core.tasks import purge_sandbox_reset_links
from tests.accounts_bridge.conftest import SIRET


def issue(key: str) -> None:
    InProcessCore().issue_reset_link(
        siret=SIRET,
        administrator=PersonName("Durand", "Alice"),
        recipient_email="liam@example.com",
        request_ref="REQ-1",
        idempotency_key=key,
    )


def test_token_rows_are_purged_30_days_after_expiry_and_audit_events_stay(sandbox, clock):
    issue("k-1")
    events = SandboxResetEvent.objects.count()

    clock.advance(hours=8, days=30)
    assert reset_links_purge() == 0
    clock.advance(seconds=1)
    assert reset_links_purge() == 1

    assert not SandboxResetLink.objects.exists()
    assert SandboxResetEvent.objects.count() == events


def test_the_purge_task_keeps_links_still_in_their_grace_period(sandbox, clock):
    issue("k-1")
    clock.advance(days=10)

    assert purge_sandbox_reset_links() == 0
    assert SandboxResetLink.objects.count() == 1


def test_the_purge_runs_daily_from_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sandbox-purge-reset-links"]

    assert entry["task"] == "sandbox_core.tasks.purge_sandbox_reset_links"
    assert entry["schedule"] == timedelta(days=1).total_seconds()
