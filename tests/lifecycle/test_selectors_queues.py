"""The queues' pages (keyset, signed cursors), filters and capped counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifecycle import selectors_queues
from lifecycle.models import Request
from lifecycle.queues import queue_query_parse
from lifecycle.selectors_queues import queue_counts, queue_page
from lifecycle.services import messages as message_services
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

DUE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def set_due(request, hours: float | None, **fields) -> Request:
    due = None if hours is None else DUE + timedelta(hours=hours)
    Request.objects.filter(pk=request.pk).update(resolution_due=due, **fields)
    request.refresh_from_db()
    return request


def numbers(page) -> list[str]:
    return [row.number for row in page.rows]


def walk(params, user, size) -> list[list[str]]:
    """Every page of a query, following the cursors."""
    pages, cursor = [], ""
    while True:
        page = queue_page(
            query=queue_query_parse({**params, "cursor": cursor}), user=user, size=size
        )
        pages.append(numbers(page))
        cursor = page.next_cursor
        if not cursor:
            return pages


def test_it_sorts_by_due_date_with_the_paused_ones_last_across_pages(alice, tess, file_request):
    later = set_due(file_request(alice), 5)
    paused = set_due(file_request(alice), None)
    sooner = set_due(file_request(alice), 1)
    same_due = set_due(file_request(alice), 1)
    paused_too = set_due(file_request(alice), None)

    pages = walk({}, tess, size=2)

    assert pages == [
        [sooner.number, same_due.number],
        [later.number, paused.number],
        [paused_too.number],
    ]


@pytest.mark.parametrize("sort", ["filed", "updated"])
def test_every_sort_pages_through_each_row_once(alice, tess, file_request, clock, sort):
    filed = []
    for _ in range(5):
        filed.append(file_request(alice).number)
        clock.advance(minutes=1)

    pages = walk({"sort": sort}, tess, size=2)

    flat = [number for page in pages for number in page]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert sorted(flat) == sorted(filed)
    if sort == "filed":
        assert flat == filed


def test_a_tampered_cursor_gives_the_first_page_and_a_french_message(alice, tess, file_request):
    for hours in (1, 2, 3):
        set_due(file_request(alice), hours)
    cursor = queue_page(query=queue_query_parse({}), user=tess, size=1).next_cursor
    forged = signing.dumps({"s": "due", "v": None, "i": 0}, salt="another-salt")

    for bad in (cursor[:-2] + "xx", forged, "%%%", cursor.replace(":", "")):
        page = queue_page(query=queue_query_parse({"cursor": bad}), user=tess, size=1)

        assert page.is_first
        assert page.query.errors == (
            "Le lien de pagination n'est pas valide : voici la première page.",
        )
        assert len(page.rows) == 1


def test_a_cursor_of_another_sort_is_refused(alice, tess, file_request):
    for hours in (1, 2):
        set_due(file_request(alice), hours)
    cursor = queue_page(query=queue_query_parse({"sort": "filed"}), user=tess, size=1).next_cursor

    page = queue_page(query=queue_query_parse({"cursor": cursor}), user=tess, size=1)

    assert page.is_first
    assert page.query.errors


def test_a_signed_cursor_with_a_nonsense_value_is_refused_not_a_500(alice, tess, file_request):
    set_due(file_request(alice), 1)
    odd = signing.dumps({"s": "due", "v": "not a date", "i": 1}, salt=selectors_queues.CURSOR_SALT)
    odd_pk = signing.dumps({"s": "filed", "v": None, "i": "1"}, salt=selectors_queues.CURSOR_SALT)

    assert queue_page(query=queue_query_parse({"cursor": odd}), user=tess).query.errors
    assert queue_page(
        query=queue_query_parse({"cursor": odd_pk, "sort": "filed"}), user=tess
    ).query.errors


def test_the_views_slice_the_work(alice, tess, theo, file_request):
    mine = move(file_request(alice), "take", tech=tess)
    theirs = move(file_request(alice), "take", tech=theo)
    waiting = move(file_request(alice), "take", "request_info", tech=tess)
    free = file_request(alice, type_key="test_core")
    late = set_due(file_request(alice), 1, sla_status="breached")
    done = move(file_request(alice), "take", "resolve", tech=tess)

    def view(key):
        return set(numbers(queue_page(query=queue_query_parse({"view": key}), user=tess)))

    assert view("mine") == {mine.number, waiting.number}
    assert view("unassigned") == {free.number, late.number}
    assert view("type:test_core") == {free.number}
    assert view("late") == {late.number}
    assert view("waiting") == {waiting.number}
    assert view("open") == {mine.number, theirs.number, waiting.number, free.number, late.number}
    assert view("resolved") == {done.number}
    assert done.number not in view("open")


def test_the_filters_combine(alice, bob, tess, file_request):
    from users.models import User

    target = file_request(alice, siret="35600000000048", subject="Radiation de Paul")
    User.objects.filter(pk=alice.pk).update(first_name="Alicia")
    other_company = file_request(alice, subject="Radiation de Paul")
    by_bob = file_request(bob, siret="35600000000048")
    in_thread = file_request(bob)
    message_services.message_post(
        request=in_thread, author=tess, body="Les minutes du greffe sont illisibles.", internal=True
    )

    def found(**params):
        return set(numbers(queue_page(query=queue_query_parse(params), user=tess)))

    assert found(company="356000000") == {target.number, by_bob.number}
    assert found(company="35600000000048", requester="alicia") == {target.number}
    assert found(requester="bob@example") == {by_bob.number, in_thread.number}
    assert found(q="radiation", company="356000000") == {target.number}
    assert found(q="MINUTES DU GREFFE") == {in_thread.number}
    assert found(number=other_company.number) == {other_company.number}
    assert found(assignee="me") == set()
    assert found(assignee="nobody", type="test_plain", state="submitted") == {
        target.number,
        other_company.number,
        by_bob.number,
        in_thread.number,
    }
    assert found(sla="breached") == set()


@pytest.mark.parametrize("cap", [1000, 1], ids=["rare word: a list of ids", "common: EXISTS"])
def test_a_text_search_finds_the_same_requests_whether_the_word_is_rare_or_common(
    alice, tess, file_request, monkeypatch, cap
):
    monkeypatch.setattr(selectors_queues, "TEXT_PROBE_CAP", cap)
    in_subject = [file_request(alice, subject=f"Greffe de Lyon {i}") for i in range(2)]
    in_thread = [file_request(alice) for _ in range(2)]
    for request in in_thread:
        for _ in range(2):
            message_services.message_post(
                request=request, author=tess, body="Le greffe a répondu.", internal=True
            )
    file_request(alice, subject="Autre chose")

    page = queue_page(query=queue_query_parse({"q": "GREFFE"}), user=tess)

    assert set(numbers(page)) == {request.number for request in in_subject + in_thread}


def test_a_word_found_nowhere_costs_the_two_probes_and_no_page_query(alice, file_request, tess):
    file_request(alice, subject="Radiation")

    with CaptureQueriesContext(connection) as captured:
        page = queue_page(query=queue_query_parse({"q": "kangourou"}), user=tess)

    reads = [query["sql"] for query in captured if "lifecycle_" in query["sql"]]
    assert page.rows == []
    assert len(reads) == 2
    assert all("LIKE" in sql for sql in reads)


def test_the_counts_are_one_query_and_capped(alice, tess, file_request, monkeypatch):
    for _ in range(3):
        file_request(alice)
    move(file_request(alice), "take", tech=tess)
    monkeypatch.setattr(selectors_queues, "COUNT_CAP", 3)

    with CaptureQueriesContext(connection) as captured:
        counts = {count.key: count for count in queue_counts(user=tess)}

    assert len(captured) == 1
    assert (counts["open"].count, counts["open"].shown) == (4, "3+")
    assert (counts["unassigned"].count, counts["unassigned"].shown) == (3, "3")
    assert counts["mine"].shown == "1"
    assert counts["late"].shown == "0"
    assert counts["resolved"].count is None
    assert counts["resolved"].shown == ""


def test_a_page_is_two_queries_whatever_the_number_of_rows(alice, tess, file_request):
    for hours in range(8):
        set_due(file_request(alice), hours)
    query = queue_query_parse({})

    with CaptureQueriesContext(connection) as few:
        queue_page(query=query, user=tess, size=3)
    for hours in range(8, 30):
        set_due(file_request(alice), hours)
    with CaptureQueriesContext(connection) as many:
        page = queue_page(query=query, user=tess, size=3)

    assert len(few) == len(many) == 2  # the page's ids on the index, then those rows
    assert "JOIN" not in many[0]["sql"]
    assert page.rows[0].requester.last_name == "Durand"


@pytest.mark.parametrize(
    "probe",
    [
        selectors_queues.Probe(None, common=True),  # the cap reached: strpos, no index
        selectors_queues.Probe(None),  # out of time: LIKE and its trigram index
    ],
    ids=["common word", "probe out of time"],
)
def test_a_probe_without_ids_still_finds_every_match(alice, tess, file_request, monkeypatch, probe):
    monkeypatch.setattr(selectors_queues, "_probe", lambda ids: probe)
    in_subject = file_request(alice, subject="Greffe de Lyon")
    in_thread = file_request(alice)
    message_services.message_post(
        request=in_thread, author=tess, body="Le greffe a répondu.", internal=True
    )
    file_request(alice, subject="Autre chose")

    with CaptureQueriesContext(connection) as captured:
        page = queue_page(query=queue_query_parse({"q": "GREFFE"}), user=tess)

    assert set(numbers(page)) == {in_subject.number, in_thread.number}
    thread_test = "STRPOS" if probe.common else "LIKE"
    assert any(thread_test in query["sql"] and "EXISTS" in query["sql"] for query in captured)


def test_a_text_search_past_its_time_gives_a_french_message_and_no_rows(
    alice, tess, file_request, monkeypatch
):
    file_request(alice, subject="Greffe de Lyon")

    def slow_keys(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.5)")
        return []

    monkeypatch.setattr(selectors_queues, "TEXT_PAGE_MS", "20ms")
    monkeypatch.setattr(selectors_queues, "_page_keys", slow_keys)
    page = queue_page(query=queue_query_parse({"q": "greffe"}), user=tess)

    assert page.rows == []
    assert page.query.errors == (
        "Cette recherche dans le texte prend trop de temps : cherchez un mot plus rare ou "
        "ajoutez un filtre.",
    )
