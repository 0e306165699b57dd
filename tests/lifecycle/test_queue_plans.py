"""On PostgreSQL each queue's page walks the index made for its order: no sort of the table,
no sequential scan, at the first page and deep in the list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifecycle.models import Request
from lifecycle.queues import queue_query_parse
from lifecycle.selectors_queues import queue_counts, queue_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STATES = ["submitted", "in_progress", "awaiting_requester", "resolved", "closed", "updated"]


def seed(requester, technicians, n: int = 3000) -> None:
    """``n`` requests spread over states, types, assignees and SLA statuses, in one insert."""
    rows = []
    for i in range(n):
        state = STATES[i % len(STATES)]
        rows.append(
            Request(
                number=f"DEM-2026-{i:06d}",
                type_key=("test_plain", "test_core")[i % 2],
                requester=requester,
                siret="73282932000074",
                siren="732829320",
                subject=f"Demande {i}",
                state=state,
                assignee=None
                if state == "submitted"
                else technicians[(i // len(STATES)) % len(technicians)],
                sla_status=("on_time", "at_risk", "breached")[i % 3],
                resolution_due=None
                if state == "awaiting_requester"
                else START + timedelta(minutes=i * 7 % 5000),
                filed_at=START - timedelta(minutes=i),
            )
        )
    Request.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lifecycle_request")


def plan_of(call) -> str:
    """The plan of the main query ``call`` runs (its first query)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + captured[0]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


# Deep in « En attente du demandeur » the page is among the paused requests (no due date),
# which come last by id: their own index gives that order.
DEEP_INDEX = {"waiting": "request_open_paused_idx"}


@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({"view": "open"}, "request_open_due_idx"),
        ({"view": "mine"}, "request_mine_due_idx"),
        ({"view": "unassigned"}, "request_unassigned_due_idx"),
        ({"view": "type:test_core"}, "request_type_due_idx"),
        ({"view": "late"}, "request_late_due_idx"),
        ({"view": "waiting"}, "request_state_due_idx"),
        ({"view": "resolved"}, "request_state_due_idx"),
        ({"view": "open", "sort": "filed"}, "request_open_filed_idx"),
        ({"view": "open", "sort": "updated"}, "request_open_updated_idx"),
        ({"view": "closed", "sort": "filed"}, "request_state_filed_idx"),
    ],
)
def test_each_view_walks_its_index_first_page_and_deep(alice, tess, theo, params, index):
    seed(alice, [tess, theo])
    query = queue_query_parse(params)
    first = queue_page(query=query, user=tess)
    deep = first
    for _ in range(3):
        if deep.next_cursor:
            deep = queue_page(
                query=queue_query_parse({**params, "cursor": deep.next_cursor}), user=tess
            )

    first_plan = plan_of(lambda: queue_page(query=query, user=tess))
    deep_plan = plan_of(lambda: queue_page(query=deep.query, user=tess))

    assert len(first.rows) == 50
    assert deep.query.cursor
    assert index in first_plan, first_plan
    assert "Sort" not in first_plan, first_plan  # the index gives the order: nothing to sort
    # Deep in the list the index's range starts at the cursor (on a small table the planner
    # may still sort the few rows of that range).
    assert DEEP_INDEX.get(params["view"], index) in deep_plan, deep_plan
    for plan in (first_plan, deep_plan):
        assert "Seq Scan" not in plan, plan


def test_the_paused_requests_come_in_id_order_from_their_index_without_a_sort(alice, tess, theo):
    seed(alice, [tess, theo])
    waiting = queue_query_parse({"view": "waiting"})
    page = queue_page(query=waiting, user=tess)
    deep = queue_page(
        query=queue_query_parse({"view": "waiting", "cursor": page.next_cursor}), user=tess
    )

    plan = plan_of(lambda: queue_page(query=deep.query, user=tess))

    assert all(row.resolution_due is None for row in deep.rows)
    assert [row.pk for row in deep.rows] == sorted(row.pk for row in deep.rows)
    assert "request_open_paused_idx" in plan, plan
    assert "Sort" not in plan, plan


def test_the_counts_read_indexes_only(alice, tess, theo):
    seed(alice, [tess, theo])

    plan = plan_of(lambda: queue_counts(user=tess))

    assert "Seq Scan" not in plan, plan


def plan_of_all(call) -> str:
    """The plans of every query ``call`` runs, sequential scans discouraged."""
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in captured:
            if not query["sql"].startswith("SELECT") or "set_config" in query["sql"]:
                continue  # savepoints and the text probes' time limits
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n".join(plans)


def test_a_search_in_the_subject_and_thread_uses_the_trigram_indexes(alice, tess, theo):
    seed(alice, [tess, theo])

    plan = plan_of_all(
        lambda: queue_page(query=queue_query_parse({"q": "minutes du greffe"}), user=tess)
    )

    assert "message_body_upper_trgm_idx" in plan, plan
    assert "request_subject_upper_trgm_idx" in plan or "Filter" in plan, plan
    assert "Seq Scan on lifecycle_message" not in plan, plan


@pytest.mark.parametrize("field", ["email", "first_name", "last_name"])
def test_the_requester_filter_can_read_the_accounts_by_trigram_index(field):
    """The filter's ``icontains`` on an account field is served by that field's index (the
    planner picks it on a large desk; sequential scans are discouraged to show it can)."""
    from users.models import User

    accounts = User.objects.filter(**{f"{field}__icontains": "dupont"}).values("pk")
    sql, params = accounts.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert f"user_{field}_upper_trgm_idx" in plan, plan
