"""A time limit on a block's queries: cancelled past it, and the caller's own limit kept."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from common.time_limit import TimeLimitExceeded, statements_time_limited

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout"),
]


def timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_query_past_the_limit_is_cancelled_and_the_block_says_so():
    with (
        pytest.raises(TimeLimitExceeded),
        statements_time_limited("20ms"),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(0.5)")


def test_a_query_within_the_limit_answers():
    with statements_time_limited("2s"), connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone()[0] == 42


def test_the_callers_transaction_keeps_its_own_timeout_after_the_block():
    with transaction.atomic():
        before = timeout()
        with statements_time_limited("2s"):
            assert timeout() == "2s"
        assert timeout() == before
        with (
            pytest.raises(TimeLimitExceeded),
            statements_time_limited("20ms"),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT pg_sleep(0.5)")
        assert timeout() == before
        with connection.cursor() as cursor:  # the transaction is still usable
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
