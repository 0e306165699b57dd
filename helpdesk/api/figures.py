"""The supervisors' figures over the API: the desk page's figures, from the same selectors.

``GET /api/v1/figures/?start=&end=&type=&technician=`` reads its filters with the page's own
check (``helpdesk.views.desk_params.desk_filters_check``), but where the page falls back to a
default and says so, the API refuses: a bad filter is a 400 naming it in ``fields``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import request as drf
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.views.desk_params import FilterProblem, desk_filters_check
from lifecycle.percentiles import DurationStats
from lifecycle.selectors_desk import (
    Backlog,
    DeskFilters,
    PeriodFigures,
    TimeRow,
    desk_backlog,
    desk_calendar,
    desk_period,
    desk_technicians,
)
from users.permissions import IsSupervisor

# The API's names for the filters the page calls ``du``, ``au``, ``type`` and ``technicien``.
PARAMETERS = {"since": "start", "until": "end", "type": "type", "technician": "technician"}


def _problem_message(name: str, problem: FilterProblem) -> str:
    if problem is FilterProblem.MALFORMED_DATE:
        if name == "since":
            return _("La date de début n'est pas une date valide (format AAAA-MM-JJ).")
        return _("La date de fin n'est pas une date valide (format AAAA-MM-JJ).")
    return {
        FilterProblem.REVERSED: _("La date de début est postérieure à la date de fin."),
        FilterProblem.TOO_LONG: _("La période est limitée à 366 jours."),
        FilterProblem.UNKNOWN_TYPE: _("Type de demande inconnu."),
        FilterProblem.UNKNOWN_TECHNICIAN: _("Technicien inconnu."),
    }[problem]


# --- Output serializers: they shape the selectors' dataclasses, nothing more -----------------
class FiltersOutput(serializers.Serializer):
    start = serializers.DateField(source="since")
    end = serializers.DateField(source="until", help_text="Included.")
    type = serializers.CharField(source="type_key", allow_blank=True)
    technician = serializers.IntegerField(source="technician_id", allow_null=True)


class CountOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # moved out by the metaclass
    count = serializers.IntegerField()


class AgeOutput(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # moved out by the metaclass
    count = serializers.IntegerField()


class BacklogOutput(serializers.Serializer):
    total = serializers.IntegerField()
    by_state = CountOutput(many=True)
    by_type = CountOutput(many=True)
    ageing = AgeOutput(many=True, help_text="Working days since filing.")
    at_risk = serializers.IntegerField()
    breached = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    forecast = serializers.IntegerField(help_text="Open, not late yet, due before forecast_until.")
    forecast_until = serializers.DateTimeField()


class DurationOutput(serializers.Serializer):
    count = serializers.IntegerField()
    median_seconds = serializers.FloatField(allow_null=True)
    p90_seconds = serializers.FloatField(allow_null=True)


class TimeRowOutput(serializers.Serializer):
    key = serializers.CharField(help_text="A type's key, or a technician's id.")
    label = serializers.CharField()  # type: ignore[assignment]  # moved out by the metaclass
    first_response = DurationOutput()
    resolution = DurationOutput()


class DayOutput(serializers.Serializer):
    day = serializers.DateField()
    filed = serializers.IntegerField()
    resolved = serializers.IntegerField()


class TechnicianOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class WorkloadOutput(serializers.Serializer):
    technician = TechnicianOutput()
    open = serializers.IntegerField()
    taken = serializers.IntegerField()
    resolved = serializers.IntegerField()


class DeflectionOutput(serializers.Serializer):
    searches = serializers.IntegerField()
    followed_by_request = serializers.IntegerField()
    without_result = serializers.IntegerField()
    deflected = serializers.IntegerField()
    deflection_rate = serializers.FloatField(allow_null=True)


class PeriodOutput(serializers.Serializer):
    per_day = DayOutput(many=True)
    filed = serializers.IntegerField()
    resolved = serializers.IntegerField()
    late = serializers.IntegerField(help_text="Filed in the period, a deadline not kept.")
    reopened = serializers.IntegerField(help_text="Resolved in the period, reopened at least once.")
    breach_rate = serializers.FloatField(allow_null=True)
    reopen_rate = serializers.FloatField(allow_null=True)
    times_by_type = TimeRowOutput(many=True)
    times_by_technician = TimeRowOutput(many=True)
    workload = WorkloadOutput(many=True)
    deflection = DeflectionOutput()


class FiguresOutput(serializers.Serializer):
    filters = FiltersOutput()
    default_calendar = serializers.BooleanField(
        help_text="False: no default working calendar, working time counted Mon–Fri 08:30–18:00."
    )
    backlog = BacklogOutput(help_text="The open requests now (type and technician filters).")
    period = PeriodOutput(help_text="What happened between start and end.")


def _duration(stats: DurationStats) -> dict[str, Any]:
    return {
        "count": stats.count,
        "median_seconds": stats.median.total_seconds() if stats.median is not None else None,
        "p90_seconds": stats.p90.total_seconds() if stats.p90 is not None else None,
    }


def _time_row(row: TimeRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "first_response": _duration(row.first_response),
        "resolution": _duration(row.resolution),
    }


def figures_output(
    *, filters: DeskFilters, backlog: Backlog, period: PeriodFigures, default_calendar: bool
) -> dict[str, Any]:
    """The selectors' figures in the shape of ``FiguresOutput`` (tuples named, durations in s)."""
    deflection = period.deflection
    return FiguresOutput(
        {
            "filters": filters,
            "default_calendar": default_calendar,
            "backlog": {
                **asdict(backlog),
                "by_state": [
                    {"key": k, "label": label, "count": n} for k, label, n in backlog.by_state
                ],
                "by_type": [
                    {"key": k, "label": label, "count": n} for k, label, n in backlog.by_type
                ],
                "ageing": [{"label": label, "count": n} for label, n in backlog.ageing],
            },
            "period": {
                "per_day": [
                    {"day": day, "filed": filed, "resolved": resolved}
                    for day, filed, resolved in period.per_day
                ],
                "filed": period.filed,
                "resolved": period.resolved,
                "late": period.late,
                "reopened": period.reopened,
                "breach_rate": period.breach_rate,
                "reopen_rate": period.reopen_rate,
                "times_by_type": [_time_row(row) for row in period.times_by_type],
                "times_by_technician": [_time_row(row) for row in period.times_by_technician],
                "workload": period.workload,
                "deflection": {
                    "searches": deflection.searches,
                    "followed_by_request": deflection.followed_by_request,
                    "without_result": deflection.without_result,
                    "deflected": deflection.deflected,
                    "deflection_rate": deflection.deflection_rate,
                },
            },
        }
    ).data


class FiguresApi(APIView):
    """GET: the supervisors' figures (supervisors only): the backlog now, and the figures over
    ``start``..``end`` (local days, both included; the last 30 days by default, 366 at most),
    for one ``type`` and one ``technician`` if given. A bad filter is a 400 naming it."""

    permission_classes = [IsAuthenticated, IsSupervisor]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day, AAAA-MM-JJ."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (included)."),
            OpenApiParameter("type", str, description="A request type's key."),
            OpenApiParameter("technician", int, description="A technician's or supervisor's id."),
        ],
        responses=FiguresOutput,
        operation_id="figures_retrieve",
    )
    def get(self, request: drf.Request) -> Response:
        params = request.query_params
        technicians = desk_technicians()
        filters, problems = desk_filters_check(
            since=params.get("start", ""),
            until=params.get("end", ""),
            type_key=params.get("type", ""),
            technician=params.get("technician", ""),
            technicians=technicians,
            today=timezone.localdate(),
        )
        if problems:
            raise ValidationError(
                {PARAMETERS[name]: [_problem_message(name, p)] for name, p in problems.items()}
            )
        calendar, default_calendar = desk_calendar()
        return Response(
            figures_output(
                filters=filters,
                backlog=desk_backlog(filters, now=timezone.now(), calendar=calendar),
                period=desk_period(filters, technicians=technicians),
                default_calendar=default_calendar,
            )
        )
