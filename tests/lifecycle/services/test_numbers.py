"""Request numbers: per-year sequences on PostgreSQL, no row every filing must lock."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from lifecycle.models import RequestCounter
from lifecycle.services.numbers import request_number_next, sequence_name

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the sequences are PostgreSQL's"
)
YEAR = 2091  # a year no other test files in


def drop_sequence(year: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SEQUENCE IF EXISTS {sequence_name(year)}")


@pytest.mark.django_db
def test_it_numbers_a_year_in_order_and_each_year_from_one() -> None:
    assert [request_number_next(YEAR) for _ in range(3)] == [
        "DEM-2091-000001",
        "DEM-2091-000002",
        "DEM-2091-000003",
    ]
    assert request_number_next(YEAR + 1) == "DEM-2092-000001"
    assert not RequestCounter.objects.filter(year=YEAR).exists()  # no row written


@pytest.mark.django_db
def test_it_continues_after_the_numbers_the_old_counter_gave() -> None:
    RequestCounter.objects.create(year=YEAR, last=41)

    assert request_number_next(YEAR) == "DEM-2091-000042"


@pytest.mark.django_db(transaction=True)
def test_a_filing_does_not_wait_for_another_filings_commit() -> None:
    request_number_next(YEAR)  # the sequence exists (committed)
    taken = threading.Event()
    release = threading.Event()
    numbers: list[str] = []

    def slow_filing() -> None:
        try:
            with transaction.atomic():
                numbers.append(request_number_next(YEAR))
                taken.set()
                release.wait(10)  # holds its transaction open, as a filing does until commit
        finally:
            connections.close_all()

    other = threading.Thread(target=slow_filing)
    other.start()
    try:
        assert taken.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")  # a lock wait fails fast
            numbers.append(request_number_next(YEAR))
    finally:
        release.set()
        other.join(10)
        drop_sequence(YEAR)

    assert sorted(numbers) == ["DEM-2091-000002", "DEM-2091-000003"]


@pytest.mark.django_db(transaction=True)
def test_the_old_counter_row_made_a_second_filing_wait() -> None:
    """The refusal side: what the sequence removes (the counter's row lock) really blocked."""
    from django.db import OperationalError

    from lifecycle.services.numbers import _counter_next

    taken = threading.Event()
    release = threading.Event()

    def slow_filing() -> None:
        try:
            with transaction.atomic():
                _counter_next(YEAR)
                taken.set()
                release.wait(10)
        finally:
            connections.close_all()

    def counter_next_without_waiting() -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            _counter_next(YEAR)

    RequestCounter.objects.create(year=YEAR, last=0)
    other = threading.Thread(target=slow_filing)
    other.start()
    try:
        assert taken.wait(10)
        with pytest.raises(OperationalError):
            counter_next_without_waiting()
    finally:
        release.set()
        other.join(10)
