"""The supervisors' desk (« Pilotage »): their landing page, its CSV exports and reassignment.

Supervisors only: a technician or a requester signed in gets a French 403 page, an anonymous
visitor the sign-in page. The figures come from ``lifecycle.selectors_desk`` (a fixed number of
queries); this module only reads the query string, shapes the figures for the template and
turns the reassignment form into a call to ``lifecycle.services.bulk_assign``.
"""

from __future__ import annotations

from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helpdesk.views import desk_params
from helpdesk.views.desk_charts import bar_chart, day_chart
from lifecycle.errors import InvalidInput
from lifecycle.selectors_desk import (
    DeskFilters,
    Technician,
    WatchRow,
    desk_backlog,
    desk_calendar,
    desk_period,
    desk_technicians,
    desk_watch_rows,
    type_choices,
    working_day,
)
from lifecycle.services.bulk_assign import requests_assign
from users import roles
from users.decorators import signed_in_user
from users.models import User


def supervisor_only(view: Any) -> Any:
    """Signed-in supervisors; anyone else signed in gets the French 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_supervisor(request.user):
            return render(request, "helpdesk/desk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def desk_query(filters: DeskFilters, **extra: str) -> str:
    """The query string that reproduces these filters (for links and exports)."""
    params = {"du": filters.since.isoformat(), "au": filters.until.isoformat()}
    if filters.type_key:
        params["type"] = filters.type_key
    if filters.technician_id is not None:
        params["technicien"] = str(filters.technician_id)
    params.update(extra)
    return urlencode(params)


def read_filters(request: HttpRequest) -> tuple[DeskFilters, list[Technician], list[str]]:
    technicians = desk_technicians()
    filters, problems = desk_params.desk_filters_parse(
        request.GET, technicians=technicians, today=timezone.localdate()
    )
    return filters, technicians, problems


def _rows(rows: list[WatchRow], day: Any) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "left": desk_params.working_left_words(row.working_left, day=day),
            "late": row.working_left is not None and row.working_left.total_seconds() < 0,
        }
        for row in rows
    ]


@require_GET
@supervisor_only
def desk(request: HttpRequest) -> HttpResponse:
    filters, technicians, problems = read_filters(request)
    for problem in problems:
        messages.warning(request, problem)
    now = timezone.now()
    calendar, calendar_found = desk_calendar()
    if not calendar_found:
        messages.warning(
            request,
            _(
                "Aucun calendrier de travail par défaut n'est défini : le temps ouvré est compté "
                "du lundi au vendredi, de 08:30 à 18:00. Définissez-en un dans l'administration."
            ),
        )
    day = working_day(calendar)
    backlog = desk_backlog(filters, now=now, calendar=calendar)
    period = desk_period(filters, technicians=technicians)
    watch = {
        name: _rows(desk_watch_rows(name, filters, now=now, calendar=calendar), day)
        for name in ("breached", "at_risk", "unassigned")
    }
    context = {
        "filters": filters,
        "query": desk_query(filters),
        "types": type_choices(),
        "technicians": technicians,
        "backlog": backlog,
        "period": period,
        "watch": watch,
        "watch_counts": {
            "breached": backlog.breached,
            "at_risk": backlog.at_risk,
            "unassigned": backlog.unassigned,
        },
        "breach_rate": desk_params.percent(period.breach_rate),
        "reopen_rate": desk_params.percent(period.reopen_rate),
        "deflection_rate": desk_params.percent(period.deflection.deflection_rate),
        "state_chart": bar_chart(
            _("Demandes ouvertes par état"), [(label, n) for _v, label, n in backlog.by_state]
        ),
        "type_chart": bar_chart(
            _("Demandes ouvertes par type"), [(label, n) for _k, label, n in backlog.by_type]
        ),
        "age_chart": bar_chart(
            _("Ancienneté des demandes ouvertes (temps ouvré depuis le dépôt)"), backlog.ageing
        ),
        "day_chart": day_chart(_("Demandes déposées et résolues par jour"), period.per_day),
        "return_to": request.get_full_path(),
    }
    context["time_tables"] = [
        (
            _("Délais par type"),
            "delais-types",
            _("Type"),
            [(row, _durations(row)) for row in period.times_by_type],
        ),
        (
            _("Délais par technicien"),
            "delais-techniciens",
            _("Technicien"),
            [(row, _durations(row)) for row in period.times_by_technician],
        ),
    ]
    return render(request, "helpdesk/desk/desk.html", context)


def _durations(row: Any) -> list[str]:
    words = desk_params.elapsed_words
    return [
        str(row.first_response.count),
        words(row.first_response.median),
        words(row.first_response.p90),
        str(row.resolution.count),
        words(row.resolution.median),
        words(row.resolution.p90),
    ]


def _safe_return(request: HttpRequest) -> str:
    target = request.POST.get("retour", "")
    desk_url = reverse("helpdesk:desk")
    return target if target.startswith(desk_url) and "//" not in target else desk_url


@require_POST
@supervisor_only
def desk_assign(request: HttpRequest) -> HttpResponse:
    """Assign the ticked requests (or the one of a row's button) to the chosen technician."""
    back = HttpResponseRedirect(_safe_return(request))
    # A row's own button sends that request alone; the list's button sends the ticked ones.
    single = request.POST.get("une", "")
    numbers = [single] if single else request.POST.getlist("demandes")
    raw_technician = request.POST.get("technicien", "")
    technician = (
        User.objects.filter(pk=int(raw_technician), is_active=True).first()
        if raw_technician.isdigit()
        else None
    )
    try:
        result = requests_assign(
            numbers=numbers, actor=signed_in_user(request), technician=technician
        )
    except InvalidInput as refusal:
        messages.error(request, refusal.message)
        return back
    if result.assigned:
        messages.success(
            request,
            _("%(count)d demande(s) attribuée(s) à %(name)s : %(numbers)s.")
            % {
                "count": len(result.assigned),
                "name": technician.get_full_name() if technician else "",
                "numbers": ", ".join(result.assigned),
            },
        )
    if result.refused:
        messages.warning(
            request,
            _("Non attribuée(s) : %(list)s")
            % {"list": " ; ".join(f"{number} ({reason})" for number, reason in result.refused)},
        )
    return back
