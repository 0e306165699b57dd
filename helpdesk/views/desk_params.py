"""The desk's query string read into filters, and the figures put into French words.

Bad input never breaks the page: a malformed or reversed period, a period over a year, an unknown
type or technician each give a French message and the default for that filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _

from lifecycle.selectors_desk import DeskFilters, Technician, type_choices

DEFAULT_DAYS = 30
MAX_DAYS = 366


# Days outside these years are refused: the period's arithmetic never leaves ``date``'s range.
YEARS = range(1900, 9999)


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if day.year in YEARS else None


class FilterProblem(StrEnum):
    """Why a filter was refused; the page and the API each put it in their own words."""

    MALFORMED_DATE = "malformed_date"
    REVERSED = "reversed"
    TOO_LONG = "too_long"
    UNKNOWN_TYPE = "unknown_type"
    UNKNOWN_TECHNICIAN = "unknown_technician"


def desk_filters_check(
    *,
    since: str,
    until: str,
    type_key: str,
    technician: str,
    technicians: list[Technician],
    today: date,
) -> tuple[DeskFilters, dict[str, FilterProblem]]:
    """The filters from their raw values, and what was refused, by filter (``since``,
    ``until``, ``type``, ``technician``); a refused filter takes its default."""
    problems: dict[str, FilterProblem] = {}
    default_since = today - timedelta(days=DEFAULT_DAYS - 1)
    since_day, until_day = default_since, today
    raw_since, raw_until = since.strip(), until.strip()
    if raw_since or raw_until:
        parsed_until = _day(raw_until) if raw_until else today
        parsed_since = (
            _day(raw_since)
            if raw_since
            else (parsed_until - timedelta(days=DEFAULT_DAYS - 1) if parsed_until else None)
        )
        if parsed_since is None or parsed_until is None:
            if raw_since and _day(raw_since) is None:
                problems["since"] = FilterProblem.MALFORMED_DATE
            if raw_until and parsed_until is None:
                problems["until"] = FilterProblem.MALFORMED_DATE
        elif parsed_since > parsed_until:
            problems["since"] = FilterProblem.REVERSED
        elif (parsed_until - parsed_since).days + 1 > MAX_DAYS:
            problems["until"] = FilterProblem.TOO_LONG
        else:
            since_day, until_day = parsed_since, parsed_until

    type_key = type_key.strip()
    if type_key and type_key not in dict(type_choices()):
        problems["type"] = FilterProblem.UNKNOWN_TYPE
        type_key = ""

    technician_id: int | None = None
    raw_technician = technician.strip()
    if raw_technician:
        known = {str(tech.pk): tech.pk for tech in technicians}
        if raw_technician in known:
            technician_id = known[raw_technician]
        else:
            problems["technician"] = FilterProblem.UNKNOWN_TECHNICIAN
    return DeskFilters(since_day, until_day, type_key, technician_id), problems


def _page_message(problem: FilterProblem) -> str:
    return {
        FilterProblem.MALFORMED_DATE: _(
            "La période demandée n'est pas une date valide (format AAAA-MM-JJ, par "
            "exemple 2026-03-31) : les 30 derniers jours sont affichés."
        ),
        FilterProblem.REVERSED: _(
            "La date de début est postérieure à la date de fin : les 30 derniers jours "
            "sont affichés."
        ),
        FilterProblem.TOO_LONG: _(
            "La période est limitée à 366 jours : les 30 derniers jours sont affichés."
        ),
        FilterProblem.UNKNOWN_TYPE: _("Type de demande inconnu : tous les types sont affichés."),
        FilterProblem.UNKNOWN_TECHNICIAN: _(
            "Technicien inconnu : tous les techniciens sont affichés."
        ),
    }[problem]


def desk_filters_parse(
    params: Mapping[str, str], *, technicians: list[Technician], today: date
) -> tuple[DeskFilters, list[str]]:
    """The filters of ``?du=AAAA-MM-JJ&au=AAAA-MM-JJ&type=…&technicien=…`` and the messages
    about what was refused (one per problem, as the page shows them)."""
    filters, problems = desk_filters_check(
        since=params.get("du", ""),
        until=params.get("au", ""),
        type_key=params.get("type", ""),
        technician=params.get("technicien", ""),
        technicians=technicians,
        today=today,
    )
    messages = [_page_message(problem) for problem in problems.values()]
    return filters, list(dict.fromkeys(messages))


def _parts(total_minutes: int, day_minutes: int) -> str:
    days, rest = divmod(total_minutes, day_minutes) if day_minutes else (0, total_minutes)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} j {hours} h" if hours else f"{days} j"
    if hours:
        return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"
    return f"{minutes} min"


def elapsed_words(value: timedelta | None) -> str:
    """A wall-clock duration: « 2 j 4 h », « 3 h 05 », « 12 min »; « — » if none."""
    if value is None:
        return "—"
    return _parts(round(value.total_seconds() / 60), 24 * 60)


def working_left_words(value: timedelta | None, *, day: timedelta) -> str:
    """Working time left or over, in words (never a colour alone)."""
    if value is None:
        return _("en pause (échéance suspendue)")
    day_minutes = round(day.total_seconds() / 60)
    minutes = round(abs(value.total_seconds()) / 60)
    if value < timedelta(0):
        return _("dépassé de %(time)s (temps ouvré)") % {"time": _parts(minutes, day_minutes)}
    return _("reste %(time)s (temps ouvré)") % {"time": _parts(minutes, day_minutes)}


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f} %".replace(".", ",")
