"""The rows of the queue table, as HTML built once per page.

A page is 50 rows of nine cells. In the template language each row cost about 190 µs (40
variable lookups, two ``blocktranslate``, a ``url`` tag): 9.5 ms of a page that must answer in
50 ms at a million requests. Here the column labels are translated, escaped and set into the
row's pattern once per page, and each row is one ``str.format`` of values each passed through
``html.escape`` (about 30 µs a row). The markup is the one the table's CSS
(``static/css/queues.css``, cards under 60rem) and the browser tests read.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helpdesk.views.sla_display import ClockView
from lifecycle.machine import State
from lifecycle.models import Request

TAKEABLE = {State.SUBMITTED, State.UPDATED}

# {L:…}: a column label, set once per page; {…}: a value of the row, escaped (or an HTML
# fragment of this module, built from escaped values).
ROW = (
    '<tr data-number="{number}">'
    '<td data-label="{L:pick}">'
    '<input type="checkbox" name="pick" value="{pick}" id="choix-{number}">'
    '<label for="choix-{number}" class="visually-hidden">{pick_label}</label></td>'
    '<td data-label="{L:number}" class="q-token"><a href="{url}">{number}</a></td>'
    '<td data-label="{L:subject}"><div><span class="clip" title="{subject_title}">{subject}</span>'
    '<small class="clip" title="{type_label}">{type_label}</small></div></td>'
    '<td data-label="{L:company}"><div>{company}</div></td>'
    '<td data-label="{L:requester}">'
    '<span class="clip" title="{requester_title}">{requester}</span></td>'
    '<td data-label="{L:state}"><div><span class="badge">{state_label}</span>{error}</div></td>'
    '<td data-label="{L:assignee}"><div>{assignee}</div></td>'
    '<td data-label="{L:sla}">'
    '<div>{sla_status}<span class="sla {sla_tone}">{sla_words}</span></div></td>'
    '<td data-label="{L:updated}"><div><span class="nowrap">{updated_day}</span> '
    '<span class="nowrap">{updated_time}</span></div></td>'
    "</tr>"
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Row:
    """What a line of the list shows (labels, never raw keys)."""

    ticket: Request
    type_label: str
    state_label: str
    company_name: str
    sla: ClockView


@dataclass(frozen=True)
class _Words:
    """The page's words, translated once."""

    pick: str
    take_one: str
    nobody: str
    take: str
    error: str


def _pattern() -> str:
    labels = {
        "pick": _("Sélection"),
        "number": _("Numéro"),
        "subject": _("Objet et type"),
        "company": _("Entreprise"),
        "requester": _("Demandeur"),
        "state": _("État"),
        "assignee": _("Technicien"),
        "sla": _("SLA"),
        "updated": _("Modifiée le"),
    }
    pattern = ROW
    for key, label in labels.items():
        # Escaped, and braces doubled: the pattern is then filled by str.format.
        pattern = pattern.replace(f"{{L:{key}}}", _e(label).replace("{", "{{").replace("}", "}}"))
    return pattern


def _company(ticket: Request, name: str) -> str:
    number = ticket.siret or ticket.siren
    shown = f'<span class="nowrap">{_e(number)}</span>' if number else "—"
    if not name:
        return shown
    return f'{shown}<br><span class="clip" title="{_e(name)}">{_e(name)}</span>'


def _assignee(ticket: Request, pick: str, words: _Words) -> str:
    if ticket.assignee is not None:
        return _e(ticket.assignee.get_full_name() or ticket.assignee.email)
    if ticket.state not in TAKEABLE:
        return _e(words.nobody)
    label = words.take_one % {"number": ticket.number}
    return (
        f'{_e(words.nobody)} <button type="submit" name="one" value="{_e(pick)}" '
        f'class="row-take" aria-label="{_e(label)}">{_e(words.take)}</button>'
    )


def _row(pattern: str, row: Row, words: _Words) -> str:
    ticket = row.ticket
    pick = f"{ticket.number}:{ticket.version}"
    requester = ticket.requester
    who = requester.get_full_name() or requester.email
    updated = timezone.localtime(ticket.updated_at)
    sla = row.sla
    return pattern.format(
        number=_e(ticket.number),
        pick=_e(pick),
        pick_label=_e(words.pick % {"number": ticket.number}),
        url=_e(reverse("helpdesk:backoffice_detail", args=[ticket.number])),
        subject_title=_e(ticket.subject),
        subject=_e(ticket.subject or "—"),
        type_label=_e(row.type_label),
        company=_company(ticket, row.company_name),
        requester_title=_e(f"{who} ({requester.email})"),
        requester=_e(who),
        state_label=_e(row.state_label),
        error=f' <span class="badge badge-error">{_e(words.error)}</span>'
        if ticket.last_error
        else "",
        assignee=_assignee(ticket, pick, words),
        sla_status=f"<small>{_e(sla.status_label)}</small><br>" if sla.words != "—" else "",
        sla_tone=_e(sla.tone),
        sla_words=_e(sla.words),
        updated_day=updated.strftime("%d/%m/%Y"),
        updated_time=updated.strftime("%H:%M"),
    )


def queue_rows_html(rows: list[Row]) -> SafeString:
    """The ``<tr>`` of every row, in order."""
    pattern = _pattern()
    words = _Words(
        pick=_("Sélectionner %(number)s"),
        take_one=_("Prendre %(number)s"),
        nobody=_("Personne"),
        take=_("Prendre"),
        error=_("erreur"),
    )
    # Every value above went through html.escape; the pattern and fragments are this module's.
    return mark_safe("\n".join(_row(pattern, row, words) for row in rows))  # noqa: S308
