"""The queues' reads: one page of a view (keyset pagination with signed cursors), and the side
menu's counts (capped, one query).

Why keyset: an ``OFFSET`` reads and throws away every row before the page, and a ``COUNT(*)``
reads the whole slice; both grow with the table. Here a page is "the next N rows after this
(sort value, id)", answered by walking one index from that point (the indexes are declared on
``Request.Meta`` for each view's order). The cursor is signed (``django.core.signing``): a
tampered or stale one is refused, and the view starts again from the first page.

Why capped counts: each view is counted as ``SELECT COUNT(*) FROM (… LIMIT 1001)`` over its
partial index, all views in one query. Past 1,000 the menu says « 1000+ » — a technician needs
"how much work", not an exact figure, and the cost stays bounded whatever the table's size.
A table of maintained counters would be exact, but every transition would then write one more
hot row (the counters of « Toutes les demandes ouvertes » are shared by every technician).
The counts are kept a few seconds per person (``COUNTS_TTL``), and his own actions forget
them (``transition_commit``): a technician clicking from view to view is not counted again.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.core import signing
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import StrIndex, Upper
from django.utils.translation import gettext as _

from common.short_cache import short_cache_forget, short_cache_get
from common.time_limit import TimeLimitExceeded, statements_time_limited
from lifecycle.models import Message, Request
from lifecycle.queues import (
    SORTS,
    Assignee,
    QueueQuery,
    Sort,
    all_views,
    queue_query_without_cursor,
    view_get,
)
from users.models import User

PAGE_SIZE = 50
COUNT_CAP = 1000
COUNTS_TTL = 15  # seconds a person's menu counts are kept (queue_counts)
TEXT_PROBE_CAP = 1000  # rows per probe of a text search (_text_matches)
TEXT_PROBE_MS = "40ms"  # time a probe is given before the text is searched as a common one
TEXT_PAGE_MS = "500ms"  # per query of a text search page (then a message, and no rows)
CURSOR_SALT = "guichet.queues.cursor"
ROW_FIELDS = (
    "number",
    "type_key",
    "subject",
    "siret",
    "siren",
    "data",
    "state",
    "sla_status",
    "resolution_due",
    "first_response_due",
    "first_response_at",
    "filed_at",
    "updated_at",
    "version",
    "last_error",
    "requester__first_name",
    "requester__last_name",
    "requester__email",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
)


class BadCursor(Exception):
    """The cursor was not signed by us, or not for this sort."""


# --- Cursors ----------------------------------------------------------------------------------
def cursor_encode(*, sort: Sort, key: tuple[int, datetime | None]) -> str:
    """The cursor after the row of ``key``: its id and its value of the sort's field."""
    pk, value = key
    return signing.dumps(
        {"s": sort.key, "v": value.isoformat() if value is not None else None, "i": pk},
        salt=CURSOR_SALT,
        compress=True,
    )


def cursor_decode(*, sort: Sort, cursor: str) -> tuple[datetime | None, int]:
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
        if not isinstance(data, dict) or data.get("s") != sort.key:
            raise BadCursor
        pk = data["i"]
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise BadCursor
        raw = data["v"]
        if raw is None and not sort.nullable:
            raise BadCursor
        value = datetime.fromisoformat(raw) if raw is not None else None
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadCursor from exc
    return value, pk


def _after(sort: Sort, value: datetime, pk: int) -> Q:
    """Rows strictly after (value, pk) in this sort, as one index range plus a filter."""
    if sort.descending:
        return Q(**{f"{sort.field}__lte": value}) & (
            Q(**{f"{sort.field}__lt": value}) | Q(pk__lt=pk)
        )
    return Q(**{f"{sort.field}__gte": value}) & (Q(**{f"{sort.field}__gt": value}) | Q(pk__gt=pk))


# --- Filters ----------------------------------------------------------------------------------
def _requester_matches(text: str) -> Q:
    """Every word in the requester's first name, last name or e-mail."""
    people = User.objects.all()
    for word in text.split():
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return Q(requester_id__in=people.values("pk"))


class Probe:
    """What a text probe found: the ids (a rare word), or that the word is common (the cap was
    reached), or that PostgreSQL did not answer within TEXT_PROBE_MS (``ids`` is None)."""

    def __init__(self, ids: list[int] | None, *, common: bool = False) -> None:
        self.ids = ids
        self.common = common


def _probe(ids: QuerySet[Any, tuple[int]]) -> Probe:
    """The first TEXT_PROBE_CAP ids of a text probe, in at most TEXT_PROBE_MS."""
    try:
        with statements_time_limited(TEXT_PROBE_MS):
            found = [pk for (pk,) in ids.order_by()[: TEXT_PROBE_CAP + 1]]
    except TimeLimitExceeded:
        return Probe(None)
    if len(found) > TEXT_PROBE_CAP:
        return Probe(None, common=True)
    return Probe(found)


def _text_matches(text: str) -> Q:
    """In the subject or any message of the thread (trigram indexes on PostgreSQL).

    Two probes first, each capped at TEXT_PROBE_CAP rows and TEXT_PROBE_MS: the requests whose
    subject matches and the requests of the messages that match. A rare word (the usual
    search: a name, a reference) gives a short list, and the page is ``pk IN (that list)``:
    without it, a word found nowhere made PostgreSQL test every open request of the view
    (150 ms at 1M requests). Otherwise the thread is an ``EXISTS`` correlated on the request, in
    an ``OR`` with the subject, which keeps PostgreSQL on the view's index walk:

    - a common word (the cap reached) is tested through ``strpos``, which no index serves: the
      walk finds the page's rows in its first requests, where with ``LIKE`` PostgreSQL would
      build the whole trigram bitmap first (``pk IN (…)`` over most of the messages was too big
      to hash: 80 s at 1M requests);
    - a probe that ran out of time (a busy database, or a phrase of common words that every
      trigram lets through) keeps ``LIKE`` and its trigram index: a rare word is still found,
      and the page's own time limit (TEXT_PAGE_MS) bounds the rest."""
    subject = _probe(Request.objects.filter(subject__icontains=text).values_list("pk"))
    thread = _probe(Message.objects.filter(body__icontains=text).values_list("request_id"))
    if thread.ids is None:
        messages: QuerySet[Any] = (
            Message.objects.annotate(at=StrIndex(Upper("body"), Upper(Value(text)))).filter(
                at__gt=0
            )
            if thread.common
            else Message.objects.filter(body__icontains=text)
        )
        in_thread = Exists(messages.filter(request_id=OuterRef("pk")))
        return Q(subject__icontains=text) | Q(in_thread)
    where = Q(pk__in=sorted(set(subject.ids or ()) | set(thread.ids)))
    if subject.ids is None:
        where |= Q(subject__icontains=text)
    return where  # no match at all: Django answers the page without a query


def queue_filters(*, query: QueueQuery, user: Any) -> Q:
    where = Q()
    if query.state:
        where &= Q(state=query.state)
    if query.type_key:
        where &= Q(type_key=query.type_key)
    if query.assignee == Assignee.ME:
        where &= Q(assignee=user)
    elif query.assignee == Assignee.NOBODY:
        where &= Q(assignee__isnull=True)
    elif query.assignee == Assignee.SOMEONE:
        where &= Q(assignee__isnull=False)
    if query.sla:
        where &= Q(sla_status=query.sla)
    if query.siret:
        where &= Q(siret=query.siret)
    if query.siren:
        where &= Q(siren=query.siren)
    if query.number:
        where &= Q(number=query.number)
    if query.requester:
        where &= _requester_matches(query.requester)
    if query.text:
        where &= _text_matches(query.text)
    return where


def queue_requests(*, query: QueueQuery, user: Any) -> QuerySet[Request]:
    """Every request of the query's view and filters (unordered, unpaged)."""
    view = view_get(query.view)
    assert view is not None  # queue_query_parse keeps only known views
    return Request.objects.filter(view.where(user) & queue_filters(query=query, user=user))


# --- A page -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueuePage:
    query: QueueQuery
    rows: list[Request]
    next_cursor: str

    @property
    def is_first(self) -> bool:
        return not self.query.cursor


def _ordered(requests: QuerySet[Request], sort: Sort) -> QuerySet[Request]:
    if sort.descending:
        return requests.order_by(f"-{sort.field}", "-pk")
    return requests.order_by(sort.field, "pk")


def queue_page(*, query: QueueQuery, user: Any, size: int = PAGE_SIZE) -> QueuePage:
    """One page of the query's view; a cursor that cannot be read gives the first page and a
    message.

    Two steps: the page's ids and sort values, walked on the view's index without any join
    (two queries at the edge of the nullable sort's non-null and null parts), then those rows
    with their people. When no index gives the order (« Mes demandes » by last update, say),
    PostgreSQL then sorts a few hundred ids, not a few hundred rows joined first to 40,000
    users (17 ms at 1M requests)."""
    sort = SORTS[query.sort]
    after: tuple[datetime | None, int] | None = None
    if query.cursor:
        try:
            after = cursor_decode(sort=sort, cursor=query.cursor)
        except BadCursor:
            query = queue_query_without_cursor(
                query, _("Le lien de pagination n'est pas valide : voici la première page.")
            )
    requests = queue_requests(query=query, user=user)
    try:
        # A text search is the one read whose cost depends on what was typed (a phrase of
        # common words found nowhere walks the whole view): it is given TEXT_PAGE_MS.
        with statements_time_limited(TEXT_PAGE_MS) if query.text else nullcontext():
            keys = _page_keys(requests, sort=sort, after=after, size=size)
    except TimeLimitExceeded:
        keys = []
        query = replace(
            query,
            errors=(
                *query.errors,
                _(
                    "Cette recherche dans le texte prend trop de temps : "
                    "cherchez un mot plus rare ou ajoutez un filtre."
                ),
            ),
        )
    next_cursor = cursor_encode(sort=sort, key=keys[size - 1]) if len(keys) > size else ""
    return QueuePage(
        query=query, rows=_rows_of([pk for pk, _value in keys[:size]]), next_cursor=next_cursor
    )


def _page_keys(
    requests: QuerySet[Request],
    *,
    sort: Sort,
    after: tuple[datetime | None, int] | None,
    size: int,
) -> list[tuple[int, datetime | None]]:
    """The (id, sort value) of the page's rows and of the one after, on the view's index."""
    keys: list[tuple[int, datetime | None]] = []
    if after is None or after[0] is not None:
        part = requests.filter(**{f"{sort.field}__isnull": False}) if sort.nullable else requests
        if after is not None and after[0] is not None:
            part = part.filter(_after(sort, after[0], after[1]))
        keys = list(_ordered(part, sort).values_list("pk", sort.field)[: size + 1])
    if sort.nullable and len(keys) <= size:
        # The rows without a due date (paused) come last, by id.
        nulls = requests.filter(**{f"{sort.field}__isnull": True})
        if after is not None and after[0] is None:
            nulls = nulls.filter(pk__gt=after[1])
        keys += list(nulls.order_by("pk").values_list("pk", sort.field)[: size + 1 - len(keys)])
    return keys


def _rows_of(ids: list[int]) -> list[Request]:
    """The rows of ``ids`` with their requester and assignee, in that order (one query)."""
    if not ids:
        return []
    found = Request.objects.filter(pk__in=ids).select_related("requester", "assignee")
    by_pk = {row.pk: row for row in found.only(*ROW_FIELDS)}
    return [by_pk[pk] for pk in ids if pk in by_pk]  # one gone since: left out of this page


# --- The side menu's counts -------------------------------------------------------------------
@dataclass(frozen=True)
class ViewCount:
    key: str
    label: str
    count: int | None  # None: not counted (resolved, closed)

    @property
    def shown(self) -> str:
        if self.count is None:
            return ""
        return f"{COUNT_CAP}+" if self.count > COUNT_CAP else str(self.count)


def queue_counts(*, user: Any) -> list[ViewCount]:
    """Every view with its count capped at COUNT_CAP (« 1000+ »): one query, kept COUNTS_TTL
    seconds per person (``common.short_cache``) and forgotten by his own actions
    (``queue_counts_forget``); other people's show within COUNTS_TTL."""
    counts = short_cache_get(
        _counts_key(user.pk), ttl=COUNTS_TTL, compute=lambda: _counts_query(user)
    )
    return [ViewCount(view.key, str(view.label), counts.get(view.key)) for view in all_views()]


def queue_counts_forget(*user_ids: int | None) -> None:
    short_cache_forget(*(_counts_key(pk) for pk in user_ids if pk is not None))


def _counts_key(user_id: int) -> str:
    return f"queue-counts:{user_id}"


def _counts_query(user: Any) -> dict[str, int]:
    counted = [view for view in all_views() if view.counted]
    parts: list[str] = []
    params: list[Any] = []
    for index, view in enumerate(counted):
        capped = Request.objects.filter(view.where(user)).order_by().values("pk")[: COUNT_CAP + 1]
        sql, sql_params = capped.query.sql_with_params()
        # The ORM's own SQL with its parameters kept apart: nothing from the user is spliced.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{index})")  # noqa: S608
        params.extend(sql_params)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip([view.key for view in counted], cursor.fetchone(), strict=True))
