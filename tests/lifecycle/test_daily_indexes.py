"""The queries that scale with the table find their partial index (EXPLAIN, PostgreSQL).

Sequential scans are switched off so that the planner, on a small test table, says which index
it *can* use: a query whose filter no longer matches its index's predicate shows no index.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lifecycle.models import Request
from lifecycle.services.requests import request_take_next
from lifecycle.services.retention import DOCUMENTS, PERSONAL_DATA, requests_due_for_purge
from outbox.services import effects_purge_payloads

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


def plan_of(call, table: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        call()
    statements = [q["sql"] for q in captured if table in q["sql"] and "SAVEPOINT" not in q["sql"]]
    assert statements, f"no query on {table}"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {statements[0]}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_take_next_reads_the_unassigned_index_without_sorting(alice, tess) -> None:
    # Rows and statistics, so that indexes are costed on data rather than on an empty table
    # (where several tie and the planner's pick depends on what ran before).
    Request.objects.bulk_create(
        Request(
            number=f"DEM-2026-{n:06d}",
            type_key="test_plain",
            requester=alice,
            state=("submitted", "in_progress", "closed")[n % 3],
            assignee=None if n % 3 == 0 else tess,
            filed_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(1500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lifecycle_request")

    plan = plan_of(lambda: request_take_next(actor=tess), "lifecycle_request")

    assert "request_take_next_idx" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize(
    ("kind", "index"),
    [(DOCUMENTS, "request_documents_due_idx"), (PERSONAL_DATA, "request_personal_due_idx")],
)
def test_each_retention_purge_reads_only_closed_requests_whose_kind_is_kept(kind, index) -> None:
    plan = plan_of(lambda: requests_due_for_purge(kind=kind), "lifecycle_request")

    assert index in plan


def test_the_outbox_payload_purge_reads_only_done_effects_with_a_payload() -> None:
    plan = plan_of(effects_purge_payloads, "outbox_outboxeffect")

    assert "outbox_payload_purge_idx" in plan
