"""The desk's query string read into filters, and the figures put into French words.

Bad input never breaks the page: a malformed or reversed period, a period over a year, an unknown
type or technician each give a French message and the default for that filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.translation import gettext as _

from lifecycle.selectors_desk import DeskFilters, Technician, type_choices

DEFAULT_DAYS = 30
MAX_DAYS = 366


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def desk_filters_parse(
    params: Mapping[str, str], *, technicians: list[Technician], today: date
) -> tuple[DeskFilters, list[str]]:
    """The filters of ``?du=AAAA-MM-JJ&au=AAAA-MM-JJ&type=…&technicien=…`` and the messages
    about what was refused."""
    problems: list[str] = []
    default_since = today - timedelta(days=DEFAULT_DAYS - 1)
    since, until = default_since, today
    raw_since, raw_until = params.get("du", "").strip(), params.get("au", "").strip()
    if raw_since or raw_until:
        parsed_until = _day(raw_until) if raw_until else today
        parsed_since = (
            _day(raw_since)
            if raw_since
            else (parsed_until - timedelta(days=DEFAULT_DAYS - 1) if parsed_until else None)
        )
        if parsed_since is None or parsed_until is None:
            problems.append(
                _(
                    "La période demandée n'est pas une date valide (format AAAA-MM-JJ, par "
                    "exemple 2026-03-31) : les 30 derniers jours sont affichés."
                )
            )
        elif parsed_since > parsed_until:
            problems.append(
                _(
                    "La date de début est postérieure à la date de fin : les 30 derniers jours "
                    "sont affichés."
                )
            )
        elif (parsed_until - parsed_since).days + 1 > MAX_DAYS:
            problems.append(
                _("La période est limitée à 366 jours : les 30 derniers jours sont affichés.")
            )
        else:
            since, until = parsed_since, parsed_until

    type_key = params.get("type", "").strip()
    if type_key and type_key not in dict(type_choices()):
        problems.append(_("Type de demande inconnu : tous les types sont affichés."))
        type_key = ""

    technician_id: int | None = None
    raw_technician = params.get("technicien", "").strip()
    if raw_technician:
        known = {str(tech.pk): tech.pk for tech in technicians}
        if raw_technician in known:
            technician_id = known[raw_technician]
        else:
            problems.append(_("Technicien inconnu : tous les techniciens sont affichés."))
    return DeskFilters(since, until, type_key, technician_id), problems


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
