"""The desk's SVG charts: bars proportional to the numbers, coordinates never localised."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from helpdesk.views.desk_charts import BAR_AREA, bar_chart, day_chart


def test_the_longest_bar_fills_the_area_and_the_others_are_proportional():
    chart = bar_chart("Par état", [("Déposée", 4), ("En cours", 1), ("Vide", 0)])

    assert [bar.width for bar in chart.bars] == pytest.approx([BAR_AREA, BAR_AREA / 4, 0], abs=0.1)


def test_a_chart_of_nothing_draws_no_bar_rather_than_dividing_by_zero():
    chart = bar_chart("Rien", [("Déposée", 0)])

    assert chart.bars[0].width == 0


def test_a_year_of_days_is_drawn_with_dotted_coordinates_and_one_table_row_a_day():
    start = date(2026, 1, 1)
    per_day = [(start + timedelta(days=n), n % 7, n % 3) for n in range(365)]

    chart = day_chart("Par jour", per_day)

    assert chart.bars_svg.count("<rect") == 730
    assert chart.table_rows.count("<tr>") == 365
    assert '<th scope="row">31/12/2026</th><td>' in chart.table_rows
    coordinates = re.findall(r'(?:x|y|width|height)="([^"]*)"', chart.bars_svg)
    assert coordinates
    assert all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", value) for value in coordinates)
    tallest = max(float(h) for h in re.findall(r'height="([^"]*)"', chart.bars_svg))
    assert tallest == chart.plot_height
