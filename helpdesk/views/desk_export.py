"""CSV exports of the desk: every figure, and the requests behind each list.

Streamed (``StreamingHttpResponse`` over ``QuerySet.iterator()``): memory stays flat whatever the
number of rows. French headers, ``;`` as separator and a UTF-8 byte-order mark, so that a French
Excel opens the file with its accents and columns right. Durations are in minutes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helpdesk.views.desk import read_filters, supervisor_only
from lifecycle.machine import State
from lifecycle.percentiles import DurationStats
from lifecycle.selectors_desk import (
    DeskFilters,
    Technician,
    desk_backlog,
    desk_calendar,
    desk_list,
    desk_per_day,
    desk_period,
    type_choices,
)
from sla.clock import SlaStatus

BOM = "\ufeff"
LIST_SLUGS = {
    "en-retard": "breached",
    "a-risque": "at_risk",
    "non-attribuees": "unassigned",
    "ouvertes": "open",
    "deposees": "period",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula is kept as text (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stream(
    filename: str, header: list[str], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterator[str]:
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _minutes(value: timedelta | None) -> str:
    return "" if value is None else str(round(value.total_seconds() / 60))


def _stats(stats: DurationStats) -> list[str]:
    return [str(stats.count), _minutes(stats.median), _minutes(stats.p90)]


def _time_header() -> list[str]:
    return [
        _("Premières réponses"),
        _("Première réponse, médiane (min)"),
        _("Première réponse, 90e centile (min)"),
        _("Résolutions"),
        _("Résolution, médiane (min)"),
        _("Résolution, 90e centile (min)"),
    ]


def _figure(
    name: str, filters: DeskFilters, technicians: list[Technician]
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of figure ``name`` (a handful of rows: aggregates, not requests)."""
    now = timezone.now()
    if name in {"en-cours", "anciennete", "indicateurs-en-cours"}:
        backlog = desk_backlog(filters, now=now, calendar=desk_calendar()[0])
        if name == "en-cours":
            rows: list[list[Any]] = [[_("État"), label, n] for _v, label, n in backlog.by_state]
            rows += [[_("Type"), label, n] for _k, label, n in backlog.by_type]
            return [_("Regroupement"), _("Valeur"), _("Demandes ouvertes")], rows
        if name == "anciennete":
            return [_("Ancienneté (temps ouvré)"), _("Demandes ouvertes")], [
                [label, n] for label, n in backlog.ageing
            ]
        return [_("Indicateur"), _("Valeur")], [
            [_("Demandes ouvertes"), backlog.total],
            [_("En retard"), backlog.breached],
            [_("À risque"), backlog.at_risk],
            [_("Non attribuées"), backlog.unassigned],
            [
                _("En retard d'ici le %(when)s si rien ne change")
                % {"when": _local(backlog.forecast_until)},
                backlog.forecast,
            ],
        ]
    if name == "par-jour":
        return [_("Jour"), _("Déposées"), _("Résolues")], [
            [day.strftime("%d/%m/%Y"), filed, resolved]
            for day, filed, resolved in desk_per_day(filters)
        ]
    period = desk_period(filters, technicians=technicians)
    if name in {"delais-types", "delais-techniciens"}:
        time_rows = period.times_by_type if name == "delais-types" else period.times_by_technician
        first = _("Type") if name == "delais-types" else _("Technicien")
        return [first, *_time_header()], [
            [row.label, *_stats(row.first_response), *_stats(row.resolution)] for row in time_rows
        ]
    if name == "charge":
        return [_("Technicien"), _("Ouvertes"), _("Prises en charge"), _("Résolues")], [
            [load.technician.name, load.open, load.taken, load.resolved] for load in period.workload
        ]
    if name == "indicateurs":
        deflection = period.deflection
        return [_("Indicateur"), _("Valeur")], [
            [_("Demandes déposées"), period.filed],
            [_("Demandes résolues"), period.resolved],
            [_("Résolutions hors délai (en retard ou manqué)"), period.late],
            [_("Réouvertures"), period.reopened],
            [_("Recherches dans la base de connaissances"), deflection.searches],
            [_("Recherches suivies d'une demande"), deflection.followed_by_request],
            [_("Recherches sans demande (évitées)"), deflection.deflected],
        ]
    raise Http404


FIGURES = (
    "en-cours",
    "anciennete",
    "indicateurs-en-cours",
    "par-jour",
    "delais-types",
    "delais-techniciens",
    "charge",
    "indicateurs",
)


@require_GET
@supervisor_only
def desk_export(request: HttpRequest, figure: str) -> StreamingHttpResponse:
    filters, technicians, _problems = read_filters(request)
    suffix = f"{filters.since.isoformat()}_{filters.until.isoformat()}"
    if figure == "demandes":
        slug = request.GET.get("liste", "ouvertes")
        if slug not in LIST_SLUGS:
            slug = "ouvertes"
        return _requests_csv(filters, LIST_SLUGS[slug], f"demandes-{slug}-{suffix}")
    if figure not in FIGURES:
        raise Http404
    header, rows = _figure(figure, filters, technicians)
    return _stream(f"pilotage-{figure}-{suffix}", header, rows)


def _requests_csv(filters: DeskFilters, name: str, filename: str) -> StreamingHttpResponse:
    types = dict(type_choices())
    states = dict(State.choices)
    statuses = dict(SlaStatus.choices)
    rows = (
        desk_list(name, filters, now=timezone.now())
        .values_list(
            "number",
            "type_key",
            "state",
            "sla_status",
            "assignee__first_name",
            "assignee__last_name",
            "filed_at",
            "first_response_due",
            "first_response_at",
            "resolution_due",
            "resolved_at",
            "reopened_count",
        )
        .iterator(chunk_size=2000)
    )

    def lines() -> Iterator[list[Any]]:
        for (
            number,
            type_key,
            state,
            sla_status,
            first_name,
            last_name,
            filed_at,
            first_due,
            first_at,
            resolution_due,
            resolved_at,
            reopened,
        ) in rows:
            yield [
                number,
                types.get(type_key, type_key),
                str(states.get(state, state)),
                str(statuses.get(sla_status, sla_status)),
                f"{first_name} {last_name}".strip(),
                _local(filed_at),
                _local(first_due),
                _local(first_at),
                _local(resolution_due),
                _local(resolved_at),
                reopened,
            ]

    header = [
        _("Numéro"),
        _("Type"),
        _("État"),
        _("SLA"),
        _("Technicien"),
        _("Déposée le"),
        _("Première réponse attendue le"),
        _("Première réponse le"),
        _("Résolution attendue le"),
        _("Résolue le"),
        _("Réouvertures"),
    ]
    return _stream(filename, header, lines())
