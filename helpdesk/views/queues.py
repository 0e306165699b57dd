"""The technicians' queues (``/espace/guichet/``): the side menu of views with their counts,
the filters, one keyset page of requests, and the saved views."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from helpdesk.forms import technicians
from helpdesk.views.backoffice import staff_only
from helpdesk.views.queue_rows import Row, queue_rows_html
from helpdesk.views.sla_display import sla_list_cells
from lifecycle import machine, queues, registry, selectors_queues
from lifecycle.errors import DomainError
from lifecycle.machine import State
from lifecycle.models import Request, SavedQueue
from lifecycle.selectors import request_type_label, sla_alert_counts
from lifecycle.selectors_queues import queue_counts, queue_page
from lifecycle.services import queues as queue_services
from lifecycle.services.bulk import picks_parse, requests_bulk_act
from sla.clock import SlaStatus
from users import roles
from users.decorators import signed_in_user


def _rows(tickets: list[Request]) -> list[Row]:
    """The rows, with the SLA time left in working time (``sla_list_cells``, the one helper the
    queues and the staff pages share)."""
    cells = sla_list_cells(tickets, machine.now())
    # Once per page: ``get_state_display`` hashes every lazy label of the choices on each call.
    state_labels = {value: str(label) for value, label in State.choices}
    return [
        Row(
            ticket=ticket,
            type_label=request_type_label(ticket.type_key),
            state_label=state_labels.get(ticket.state, ticket.state),
            company_name=str((ticket.data or {}).get("company_name") or ""),
            sla=cells[ticket.pk],
        )
        for ticket in tickets
    ]


def list_url(params: dict[str, str]) -> str:
    base = reverse("helpdesk:backoffice_list")
    return f"{base}?{urlencode(params)}" if params else base


@require_GET
@staff_only
def queue_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = queue_page(
        query=queues.queue_query_parse(request.GET), user=user, size=selectors_queues.PAGE_SIZE
    )
    query = page.query
    for error in query.errors:
        messages.error(request, error)
    saved = list(SavedQueue.objects.filter(owner=user).only("name", "params"))
    view_urls = {view.key: list_url({"view": view.key}) for view in queues.all_views()}
    return render(
        request,
        "helpdesk/queues/list.html",
        {
            "query": query,
            "view": queues.view_get(query.view),
            "menu": [(item, view_urls[item.key]) for item in queue_counts(user=user)],
            "rows": bool(page.rows),
            "rows_html": queue_rows_html(_rows(page.rows)),
            "is_first": page.is_first,
            "next_url": list_url(query.params(cursor=page.next_cursor)) if page.next_cursor else "",
            "first_url": list_url(query.params()),
            "view_url": view_urls[query.view],
            "saved": [(item, list_url(item.params)) for item in saved],
            "sorts": list(queues.SORTS.values()),
            "states": State.choices,
            "types": registry.all_types(),
            "assignee_choices": queues.Assignee.CHOICES,
            "sla_choices": SlaStatus.choices,
            "sla_banner": sla_alert_counts(),
            "is_supervisor": roles.is_supervisor(user),
            "technicians": list(technicians()) if roles.is_supervisor(user) else [],
        },
    )


@require_POST
@staff_only
def queue_save(request: HttpRequest) -> HttpResponse:
    """Save the current view and filters (posted as hidden fields) under a name."""
    query = queues.queue_query_parse(request.POST)
    try:
        saved = queue_services.saved_queue_save(
            owner=signed_in_user(request), name=request.POST.get("name", ""), query=query
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("File « %(name)s » enregistrée.") % {"name": saved.name})
    return HttpResponseRedirect(list_url(query.params()))


@require_POST
@staff_only
def queue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if queue_services.saved_queue_delete(owner=signed_in_user(request), pk=pk):
        messages.success(request, _("File enregistrée supprimée."))
    else:
        messages.error(request, _("Cette file enregistrée n'existe pas."))
    return HttpResponseRedirect(reverse("helpdesk:backoffice_list"))


@require_POST
@staff_only
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Act on the picked rows (or on one row's « Prendre » button), then back to the list with
    what was done and, one by one, what was refused and why."""
    query = queues.queue_query_parse(request.POST)
    back_to = list_url(query.params(cursor=query.cursor))
    one = request.POST.get("one", "")
    if one:
        picks, action = picks_parse([one]), "take"
    else:
        picks, action = picks_parse(request.POST.getlist("pick")), request.POST.get("action", "")
    technician_id = request.POST.get("technician", "")
    technician = (
        technicians().filter(pk=int(technician_id)).first() if technician_id.isdigit() else None
    )
    try:
        result = requests_bulk_act(
            picks=picks,
            action=action,
            actor=signed_in_user(request),
            technician=technician,
            message=request.POST.get("message", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back_to)
    if result.done:
        messages.success(
            request,
            ngettext(
                "%(n)d demande traitée : %(numbers)s.",
                "%(n)d demandes traitées : %(numbers)s.",
                len(result.done),
            )
            % {"n": len(result.done), "numbers": ", ".join(result.done)},
        )
    for number, reason in result.refused:
        messages.error(
            request, _("%(number)s non traitée : %(reason)s") % {"number": number, "reason": reason}
        )
    return HttpResponseRedirect(back_to)
