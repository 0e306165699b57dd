"""Charts of the desk as geometry for an inline SVG (templates/helpdesk/desk/_bars.html and
_per_day.html): no JavaScript, drawn on the server, scaled by their viewBox to any width. Each
chart is shown with its numbers in a table next to it; the SVG itself is ``role="img"`` with a
title, so a screen reader reads the title and then the table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

BAR_WIDTH = 400
LABEL_WIDTH = 175
BAR_AREA = 185
ROW_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    view_width: int = BAR_WIDTH


def bar_chart(title: str, items: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars, one per (label, value), lengths relative to the largest value."""
    top = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        width = BAR_AREA * value / top
        y = index * ROW_HEIGHT + 4
        bars.append(
            Bar(label, value, y, round(width, 1), y + 15, round(LABEL_WIDTH + width + 6, 1))
        )
    return BarChart(title, bars, max(ROW_HEIGHT, len(items) * ROW_HEIGHT + 8))


@dataclass(frozen=True)
class DayColumn:
    day: date
    filed: int
    resolved: int
    x: float
    filed_y: float
    filed_height: float
    resolved_x: float
    resolved_y: float
    resolved_height: float


@dataclass(frozen=True)
class DayChart:
    title: str
    columns: list[DayColumn]
    column_width: float
    top: int
    ticks: list[tuple[float, str]]  # (x, date label)
    # A year is 730 bars and 365 table rows: drawn here, not by 10,000 template nodes.
    bars_svg: SafeString
    table_rows: SafeString
    view_width: int = 720
    plot_height: int = 160
    baseline: int = 170


def day_chart(title: str, per_day: list[tuple[date, int, int]]) -> DayChart:
    """Filed and resolved per day, side by side, one slot per day of the period."""
    plot_width, plot_height, left, baseline = 680.0, 160, 30.0, 170
    top = max((max(filed, resolved) for _day, filed, resolved in per_day), default=0) or 1
    slot = plot_width / max(1, len(per_day))
    half = max(slot * 0.42, 0.5)
    columns = []
    for index, (day, filed, resolved) in enumerate(per_day):
        x = left + index * slot
        filed_height = plot_height * filed / top
        resolved_height = plot_height * resolved / top
        columns.append(
            DayColumn(
                day,
                filed,
                resolved,
                round(x, 2),
                round(baseline - filed_height, 2),
                round(filed_height, 2),
                round(x + half, 2),
                round(baseline - resolved_height, 2),
                round(resolved_height, 2),
            )
        )
    picks = sorted({0, len(per_day) // 2, len(per_day) - 1}) if per_day else []
    ticks = [(round(left + i * slot, 2), per_day[i][0].strftime("%d/%m")) for i in picks]
    width = round(half, 2)
    bars_svg = format_html_join(
        "\n",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#2f3e9e"></rect>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d7a3a"></rect>',
        (
            (
                c.x,
                c.filed_y,
                width,
                c.filed_height,
                c.resolved_x,
                c.resolved_y,
                width,
                c.resolved_height,
            )
            for c in columns
        ),
    )
    table_rows = format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        ((c.day.strftime("%d/%m/%Y"), c.filed, c.resolved) for c in columns),
    )
    return DayChart(title, columns, width, top, ticks, bars_svg, table_rows)
