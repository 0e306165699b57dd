from __future__ import annotations

from celery import shared_task

from sandbox_core.services.reset import reset_links_purge


@shared_task(acks_late=True, ignore_result=True)
def purge_sandbox_reset_links() -> int:
    """R23: daily purge of the sandbox's reset-link rows 30 days after expiry."""
    return reset_links_purge()
