"""``figures_rebuild`` backfills the desk's roll-up with a summary line; ``sla_recompute --apply``
marks the built days for rebuild."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lifecycle import machine
from lifecycle.models import DailyFigures, FiguresDay
from sla.calendar import PARIS
from tests.support.desk_data import desk_request

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 15, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr(machine, "now", lambda: NOW)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_it_backfills_every_day_from_the_first_filing_to_yesterday(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 17, 10, tzinfo=PARIS))
    desk_request(alice, filed_at=datetime(2026, 3, 19, 10, tzinfo=PARIS))

    output = _run("figures_rebuild")

    assert output.startswith("3 journées recalculées (2 dépôts, 0 résolutions) en ")
    assert sorted(FiguresDay.objects.values_list("day", flat=True)) == [
        date(2026, 3, 17),
        date(2026, 3, 18),
        date(2026, 3, 19),
    ]
    assert sum(DailyFigures.objects.values_list("filed", flat=True)) == 2


def test_a_dry_run_says_what_it_would_rebuild_and_writes_nothing(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 18, 10, tzinfo=PARIS))

    output = _run("figures_rebuild", "--dry-run", "--since", "2026-03-19")

    assert output == "1 journée serait recalculée, du 2026-03-19 au 2026-03-19."
    assert not FiguresDay.objects.exists()


def test_a_malformed_date_is_refused_in_french(db):
    with pytest.raises(CommandError, match="Date invalide : 19/03/2026"):
        _run("figures_rebuild", "--since", "19/03/2026")


def test_recomputing_the_deadlines_marks_the_built_days_for_rebuild(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 18, 10, tzinfo=PARIS))
    _run("figures_rebuild")

    output = _run("sla_recompute", "--apply")

    assert output.endswith("2 journées de chiffres du pilotage seront recalculées.")
    assert set(FiguresDay.objects.values_list("stale", flat=True)) == {True}
    assert _run("figures_rebuild", "--due").startswith("2 journées recalculées")
