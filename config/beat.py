"""Every periodic task of the desk, in one place (``CELERY_BEAT_SCHEDULE``).

Beat runs them; with ``GUICHET_BEAT_LOCK_URL`` several beats may run and only one schedules
(``common.beat_lock``). Each task is idempotent: a tick run twice does no harm.
"""

from __future__ import annotations

from datetime import timedelta

from celery.schedules import crontab

DAILY = 60 * 60 * 24


def beat_schedule(*, relay_seconds: float) -> dict[str, dict[str, object]]:
    return {
        # The outbox (docs/outbox.md): the relay publishes pending effects, the reconciler
        # re-queues the ones lost after publication, and done effects lose their payload.
        "outbox-relay": {
            "task": "outbox.relay",
            "schedule": relay_seconds,
            "options": {"expires": 10},
        },
        "outbox-reconcile": {
            "task": "outbox.reconcile",
            "schedule": 30.0,
            "options": {"expires": 60},
        },
        "outbox-purge-payloads": {"task": "outbox.purge_payloads", "schedule": DAILY},
        # Sandbox core: purge of reset-link rows 30 days after expiry (R23).
        "sandbox-purge-reset-links": {
            "task": "sandbox_core.tasks.purge_sandbox_reset_links",
            "schedule": DAILY,
        },
        # Retention (docs/adr/0004-retention.md), in bounded batches.
        "helpdesk-purge-expired-requests": {
            "task": "lifecycle.tasks.purge_expired_requests",
            "schedule": timedelta(hours=24),
        },
        # The SLA scan: statuses and alerts from the stored deadlines (lifecycle.services.sla_scan).
        "lifecycle-scan-sla": {
            "task": "lifecycle.tasks.scan_sla",
            "schedule": timedelta(minutes=1),
            "options": {"expires": 55},
        },
        # The desk's daily roll-up (lifecycle.services.figures): yesterday, shortly after
        # midnight Paris (CELERY_TIMEZONE), and any day missing or marked stale, on the later
        # hourly runs; today every few minutes.
        "lifecycle-rebuild-daily-figures": {
            "task": "lifecycle.tasks.rebuild_daily_figures",
            "schedule": crontab(minute="10"),
            "options": {"expires": 50 * 60},
        },
        "lifecycle-rebuild-today-figures": {
            "task": "lifecycle.tasks.rebuild_today_figures",
            "schedule": timedelta(minutes=5),
            "options": {"expires": 4 * 60},
        },
        "helpdesk-close-due-requests": {
            "task": "lifecycle.tasks.close_due_requests",
            "schedule": timedelta(hours=1),
        },
    }
