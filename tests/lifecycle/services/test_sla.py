"""The stored SLA of a request, through the services, against hand-computed deadlines.

Default calendar: Monday–Friday 08:30–18:00 Europe/Paris (570 working minutes a day), French
public holidays. Policy of ``test_plain`` here: first response 120 min, resolution 1 140 min
(2 working days). Instants are written in Paris time and compared in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifecycle.models import Request
from lifecycle.services import messages as message_services
from lifecycle.services.sla import (
    request_sla_compute,
    request_sla_refresh,
    requests_sla_recompute,
)
from sla.calendar import SegmentKind
from sla.clock import SlaStatus
from sla.models import Closure, SlaPolicy, WorkingCalendar
from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris

pytestmark = pytest.mark.django_db


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(autouse=True)
def plain_policy(db) -> SlaPolicy:
    return sla_policy_for_tests()


def at(clock, moment: datetime) -> None:
    clock.current = moment.astimezone(UTC)


def stored(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


def test_it_stores_the_deadlines_at_filing(clock, alice, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))  # Monday

    request = stored(file_request(alice))

    assert request.first_response_due == utc(2026, 3, 2, 11, 0)  # 12:00 Paris
    # Mon 10:00–18:00 (480) + Tue (570) + 90 min on Wednesday: 10:00 Paris.
    assert request.resolution_due == utc(2026, 3, 4, 9, 0)
    assert request.sla_status == SlaStatus.ON_TIME
    # 80 % of the first response (96 min) comes before 80 % of the resolution.
    assert request.sla_at_risk_at == utc(2026, 3, 2, 10, 36)


def test_it_counts_across_a_weekend(clock, alice, file_request):
    at(clock, paris(2026, 3, 6, 16, 0))  # Friday 16:00

    request = stored(file_request(alice))

    assert request.first_response_due == utc(2026, 3, 6, 17, 0)  # Friday 18:00 Paris
    # Fri 120 + Mon 570 + 450 min on Tuesday: 16:00 Paris.
    assert request.resolution_due == utc(2026, 3, 10, 15, 0)


def test_it_skips_easter_monday_and_names_it_on_the_timeline(clock, alice, file_request):
    at(clock, paris(2026, 4, 3, 17, 0))  # Friday before Easter Monday (6 April)
    request = file_request(alice)

    row = stored(request)
    assert row.first_response_due == utc(2026, 4, 7, 7, 30)  # Tuesday 09:30 Paris
    # Fri 60 + (Mon off) + Tue 570 + 510 min on Wednesday: 17:00 Paris.
    assert row.resolution_due == utc(2026, 4, 8, 15, 0)
    at(clock, paris(2026, 4, 7, 9, 0))
    result = request_sla_compute(request=row, now=clock.current)
    assert result is not None
    holidays = [s for s in result.timeline if s.kind == SegmentKind.HOLIDAY]
    assert [s.label for s in holidays] == ["Lundi de Pâques"]


def test_it_keeps_office_hours_local_across_the_march_change(clock, alice, file_request):
    at(clock, paris(2026, 3, 27, 10, 0))  # Friday, CET; summer time from Sunday 29 March

    request = stored(file_request(alice))

    # Fri 480 + Mon 570 + 90 min on Tuesday: 10:00 Paris, now CEST (UTC+2).
    assert request.resolution_due == utc(2026, 3, 31, 8, 0)


def test_it_keeps_office_hours_local_across_the_october_change(clock, alice, file_request):
    at(clock, paris(2026, 10, 23, 10, 0))  # Friday, CEST; winter time from Sunday 25 October

    request = stored(file_request(alice))

    assert request.resolution_due == utc(2026, 10, 27, 9, 0)  # Tuesday 10:00 Paris, CET


def test_it_counts_from_the_next_working_minute_when_filed_on_a_saturday(
    clock, alice, file_request
):
    at(clock, paris(2026, 3, 7, 11, 0))  # Saturday

    request = stored(file_request(alice))

    assert request.first_response_due == utc(2026, 3, 9, 9, 30)  # Monday 10:30 Paris
    assert request.resolution_due == utc(2026, 3, 10, 17, 0)  # Tuesday 18:00 Paris


def test_two_pauses_move_the_deadline_by_the_working_time_they_lasted(
    clock, alice, tess, file_request
):
    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    at(clock, paris(2026, 3, 2, 12, 0))  # 120 min counted
    request = move(request, "request_info", tech=tess)

    paused = stored(request)
    assert paused.sla_status == SlaStatus.PAUSED
    assert paused.resolution_due is None  # unknown until the requester answers
    assert paused.sla_at_risk_at is None

    at(clock, paris(2026, 3, 4, 10, 0))  # Wednesday: 1 020 min left
    request = move(request, "answer", requester=alice)
    # Wed 10:00–18:00 (480) + 540 min on Thursday: 17:30 Paris.
    assert stored(request).resolution_due == utc(2026, 3, 5, 16, 30)
    assert stored(request).sla_status == SlaStatus.ON_TIME

    at(clock, paris(2026, 3, 5, 9, 30))  # Thursday: 480 + 60 more counted, 480 left
    request = move(request, "request_info", tech=tess)
    at(clock, paris(2026, 3, 9, 14, 0))  # Monday
    request = move(request, "answer", requester=alice)

    # Mon 14:00–18:00 (240) + 240 min on Tuesday: 12:30 Paris.
    assert stored(request).resolution_due == utc(2026, 3, 10, 11, 30)


def test_a_reopen_continues_the_old_resolution_target(clock, alice, tess, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    at(clock, paris(2026, 3, 2, 12, 0))  # 120 min counted, then resolved
    request = move(request, "resolve", tech=tess)
    assert stored(request).sla_status == SlaStatus.MET

    at(clock, paris(2026, 3, 4, 10, 0))  # reopened on Wednesday: 1 020 min left
    request = move(request, "reopen", requester=alice)

    row = stored(request)
    assert row.sla_status == SlaStatus.ON_TIME
    assert row.resolution_due == utc(2026, 3, 5, 16, 30)  # Thursday 17:30 Paris
    result = request_sla_compute(request=row, now=clock.current)
    assert result is not None
    assert SegmentKind.STOPPED in [s.kind for s in result.timeline]


def test_a_staff_public_reply_stops_the_first_response_clock(clock, alice, tess, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    at(clock, paris(2026, 3, 2, 13, 0))  # after the 12:00 first-response due

    message_services.message_post(request=request, author=tess, body="Bien reçu.", internal=False)

    row = stored(request)
    assert row.first_response_at == clock.current
    # Answered late: a committed breach while the request is open.
    assert row.sla_status == SlaStatus.BREACHED


def test_an_internal_note_does_not_stop_the_first_response_clock(clock, alice, tess, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    at(clock, paris(2026, 3, 2, 10, 30))

    message_services.message_post(request=request, author=tess, body="À vérifier.", internal=True)

    row = stored(request)
    assert row.first_response_at is None
    assert row.sla_at_risk_at == utc(2026, 3, 2, 10, 36)  # still waiting for the answer


def test_the_deadlines_stored_at_filing_are_those_its_history_gives(clock, alice, file_request):
    at(clock, paris(2026, 3, 6, 17, 30))  # Friday, half an hour before closing

    request = stored(file_request(alice))
    filed = {
        name: getattr(request, name)
        for name in ("first_response_due", "resolution_due", "sla_at_risk_at", "sla_status")
    }
    request_sla_refresh(request=request, now=clock.current)

    assert {name: getattr(stored(request), name) for name in filed} == filed
    assert filed["first_response_due"] == utc(2026, 3, 9, 9, 0)  # Monday 10:00 Paris


def test_filing_writes_the_deadlines_with_the_row_without_reading_the_history_back(
    clock, alice, file_request
):
    with CaptureQueriesContext(connection) as queries:
        file_request(alice)

    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if q.startswith('UPDATE "lifecycle_request"')]
    assert not [q for q in sql if 'FROM "lifecycle_transitionlog"' in q]


def test_a_type_without_a_policy_has_no_deadline(clock, alice, file_request):
    request = stored(file_request(alice, type_key="test_core"))

    assert request.sla_status == SlaStatus.ON_TIME
    assert request.first_response_due is None
    assert request.resolution_due is None
    assert request.sla_at_risk_at is None


def _refresh_queries(request: Request, now: datetime) -> int:
    row = stored(request)
    with CaptureQueriesContext(connection) as queries:
        request_sla_refresh(request=row, now=now)
    return len(queries)


def test_it_costs_the_same_queries_whatever_the_history(clock, alice, tess, file_request):
    short = file_request(alice)
    long = file_request(alice, siret="35600000000048")
    for _ in range(10):
        long = move(long, "take", "request_info", "answer", tech=tess, requester=alice)
    later = clock.advance(days=3)  # both change status: the UPDATE is counted for both

    short_count = _refresh_queries(short, later)
    long_count = _refresh_queries(long, later)

    # History, staff replies, policy, calendar fingerprint, the UPDATE.
    assert short_count == long_count == 5


def test_recompute_after_a_calendar_change_shows_then_applies(clock, alice, tess, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    untouched = file_request(alice, type_key="test_core", siret="35600000000048")
    assert stored(request).resolution_due == utc(2026, 3, 4, 9, 0)  # Wednesday 10:00 Paris
    # Mid-way, the service closes for Tuesday.
    Closure.objects.create(
        calendar=WorkingCalendar.objects.get(is_default=True),
        date=paris(2026, 3, 3).date(),
        label="Inventaire",
    )
    at(clock, paris(2026, 3, 2, 15, 0))

    out = StringIO()
    call_command("sla_recompute", stdout=out)
    assert out.getvalue().strip() == (
        "1 demande changerait d'échéance. Simulation : relancez avec --apply pour enregistrer."
    )
    assert stored(request).resolution_due == utc(2026, 3, 4, 9, 0)  # a dry run writes nothing

    out = StringIO()
    call_command("sla_recompute", "--apply", stdout=out)
    assert out.getvalue().strip() == "1 demande a changé d'échéance."
    # Mon 480 + (Tue closed) + Wed 570 + 90 min on Thursday: 10:00 Paris.
    assert stored(request).resolution_due == utc(2026, 3, 5, 9, 0)
    assert stored(untouched).resolution_due is None

    out = StringIO()
    call_command("sla_recompute", "--apply", stdout=out)
    assert out.getvalue().strip() == "0 demande a changé d'échéance."


def test_recompute_walks_every_open_request_in_batches(clock, alice, tess, file_request):
    at(clock, paris(2026, 3, 2, 10, 0))
    sirets = ["73282932000074", "35600000000048", "35600000009075"]
    requests = [file_request(alice, siret=siret) for siret in sirets]
    done = move(file_request(alice, siret=sirets[0]), "take", "resolve", tech=tess)
    SlaPolicy.objects.filter(request_type="test_plain").update(resolution_minutes=570)

    count = requests_sla_recompute(now=clock.current, apply=True, batch_size=2)

    assert count == 3  # the resolved one is not open: left as it was
    for request in requests:
        assert stored(request).resolution_due == utc(2026, 3, 3, 9, 0)  # Tuesday 10:00 Paris
    assert stored(done).resolution_due == utc(2026, 3, 4, 9, 0)


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        # Monday 13 July: Mon 480 + (14 July off) + Wed 570 + 90 min on Thursday, 10:00 Paris.
        (paris(2026, 7, 13, 10, 0), utc(2026, 7, 16, 8, 0)),
        # Wednesday 13 May: Wed 480 + (Ascension off) + Fri 570 + 90 min on Monday, 10:00 Paris.
        (paris(2026, 5, 13, 10, 0), utc(2026, 5, 18, 8, 0)),
    ],
    ids=["14 July", "Ascension"],
)
def test_it_skips_the_french_public_holidays(clock, alice, file_request, filed, due):
    at(clock, filed)

    assert stored(file_request(alice)).resolution_due == due


def test_a_deadline_moved_away_releases_the_alert_claims(clock, alice, tess, file_request):
    from lifecycle.services.sla_scan import sla_scan

    at(clock, paris(2026, 3, 2, 10, 0))
    request = move(file_request(alice), "take", tech=tess)
    at(clock, paris(2026, 3, 2, 12, 30))
    assert sla_scan().breach_alerts == 1  # the first response was due at 12:00
    SlaPolicy.objects.filter(request_type="test_plain").update(first_response_minutes=570)

    requests_sla_recompute(now=clock.current, apply=True)

    row = stored(request)
    assert row.sla_status == SlaStatus.ON_TIME
    assert row.sla_breach_notified_at is None  # warned again if it comes near again
