"""Seeds a desk of N requests for the benchmarks, fast (PostgreSQL COPY) and resumable.

What it writes looks like a real desk: employers (many companies), liquidators (many companies
each), technicians and supervisors; companies and establishments in the sandbox core; every
request type; states spread as a desk of some years (most closed or resolved, a live backlog of
a few per cent); for every request a valid path of the state machine in the transition log,
messages, and for liquidator requests the court minutes (a few hundred tiny real PDFs, reused);
and the SLA fields computed by the real clock (``sla.clock.sla_compute``, per request, in memory).

Requests go in chunks of ``CHUNK``, each one transaction (its requests, logs, messages and
attachments): re-running continues after the last complete chunk. Run it through
``manage.py seed_bench --requests N`` (``python -m bench seed`` does the same).
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

CHUNK = 10_000
PDF_COUNT = 300
MON_ESPACE_REQUESTS = 500
PASSWORD = "Bench-mot-de-passe-42"
# Most requests are done; a live backlog of a few per cent (40,000 at 1,000,000).
STATE_WEIGHTS = {
    "closed": 80,
    "resolved": 16,
    "submitted": 1.2,
    "in_progress": 1.2,
    "awaiting_requester": 0.6,
    "updated": 0.5,
    "executing": 0.5,
}
TYPE_WEIGHTS = {
    "question": 50,
    "admin_removal": 20,
    "enrolment_cancellation": 15,
    "liquidator_access": 15,
}
SUBJECTS = {
    "question": ("Se connecter sur le site", "Connexion par mot de passe", "Mot de passe oublié"),
    "admin_removal": ("Gérer les accès", "Administrateurs", "Radiation d'un administrateur"),
    "enrolment_cancellation": (
        "Gérer l'inscription",
        "Résiliation",
        "Résiliation de l'inscription",
    ),
    "liquidator_access": (
        "Se connecter sur le site",
        "Connexion par mot de passe",
        "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE",
    ),
}
STAFF_ROLES = ("technician", "supervisor")


def luhn_complete(digits: str) -> str:
    """``digits`` followed by the Luhn check digit (SIREN: 8 → 9, SIRET: 13 → 14)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: the check digit will shift every position by one
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return digits + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Sizes:
    requests: int

    @property
    def employers(self) -> int:
        return max(10, self.requests // 25)

    @property
    def liquidators(self) -> int:
        return max(3, self.requests // 5000)

    @property
    def technicians(self) -> int:
        return max(4, min(60, self.requests // 20000))

    @property
    def supervisors(self) -> int:
        return max(1, self.technicians // 10)

    @property
    def companies(self) -> int:
        return max(20, self.requests // 20)


def tiny_pdf(n: int) -> bytes:
    """A small, valid one-page PDF (distinct content per ``n``), with a correct xref table."""
    text = f"(Minutes du greffe - jugement {n:05d}) Tj".encode()
    stream = b"BT /F1 12 Tf 72 720 Td " + text + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _copy(cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _raw_cursor() -> Any:
    from django.db import connection

    connection.ensure_connection()
    return connection.connection.cursor()  # psycopg 3: has .copy()


# --- the people and the companies (once) ------------------------------------------------------
def seed_people(sizes: Sizes, rng: random.Random, now: datetime) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from users import roles
    from users.models import User

    if User.objects.filter(email="bench.tech0@example.com").exists():
        return
    password = make_password(PASSWORD)  # one hash for everybody: hashing is not what we measure
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (roles.REQUESTER, roles.TECHNICIAN, roles.SUPERVISOR)
    }
    cursor = _raw_cursor()
    sirens = [luhn_complete(f"{10_000_000 + n * 37:08d}") for n in range(sizes.companies)]
    _copy(
        cursor,
        "sandbox_company",
        ("siren", "name", "enrolment_type", "enrolment_status"),
        [(s, f"Entreprise Banc {n}", "mono", "enrolled") for n, s in enumerate(sirens)],
    )
    cursor.execute("SELECT id, siren FROM sandbox_company")
    company_ids = {siren: pk for pk, siren in cursor.fetchall()}
    _copy(
        cursor,
        "sandbox_establishment",
        ("company_id", "siret", "name", "enrolment_status"),
        [
            (company_ids[s], luhn_complete(s + "0001"), f"Siège {s}", "enrolled")
            for s in sirens
            if s in company_ids
        ],
    )
    people: list[tuple[str, str, str, str, bool, str]] = []
    for n in range(sizes.technicians):
        people.append((f"bench.tech{n}@example.com", "Technicien", f"Banc {n}", "", True, "tech"))
    for n in range(sizes.supervisors):
        people.append((f"bench.sup{n}@example.com", "Superviseur", f"Banc {n}", "", True, "sup"))
    for n in range(sizes.liquidators):
        people.append(
            (f"bench.liq{n}@example.com", "Liquidateur", f"Banc {n}", "liquidator", False, "req")
        )
    for n in range(sizes.employers):
        people.append(
            (f"bench.emp{n}@example.com", "Employeur", f"Banc {n}", "employer", False, "req")
        )
    _copy(
        cursor,
        "users_user",
        (
            "email",
            "first_name",
            "last_name",
            "profile",
            "siret",
            "password",
            "is_staff",
            "is_active",
            "is_superuser",
            "date_joined",
            "email_verified_at",
        ),
        [
            (email, first, last, profile, "", password, staff, True, False, now, now)
            for email, first, last, profile, staff, _kind in people
        ],
    )
    cursor.execute("SELECT id, email FROM users_user WHERE email LIKE 'bench.%%@example.com'")
    ids = {email: pk for pk, email in cursor.fetchall()}
    group_of = {"tech": roles.TECHNICIAN, "sup": roles.SUPERVISOR, "req": roles.REQUESTER}
    _copy(
        cursor,
        "users_user_groups",
        ("user_id", "group_id"),
        [(ids[p[0]], groups[group_of[p[5]]].pk) for p in people],
    )


@dataclass
class World:
    technicians: list[int]
    supervisors: list[int]
    employers: list[int]
    liquidators: list[int]
    sirens: list[str]
    pdfs: list[tuple[str, int, str]]  # stored name, size, sha256


def load_world() -> World:
    from users.models import User

    def ids(prefix: str) -> list[int]:
        return list(
            User.objects.filter(email__startswith=f"bench.{prefix}")
            .order_by("id")
            .values_list("id", flat=True)
        )

    cursor = _raw_cursor()
    cursor.execute("SELECT siren FROM sandbox_company ORDER BY id")
    sirens = [row[0] for row in cursor.fetchall()]
    return World(ids("tech"), ids("sup"), ids("emp"), ids("liq"), sirens, seed_pdfs())


def seed_pdfs() -> list[tuple[str, int, str]]:
    """The PDFs the liquidator requests attach, written once into the private storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    out = []
    for n in range(PDF_COUNT):
        content = tiny_pdf(n)
        name = f"bench/minutes-{n:04d}.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        out.append((name, len(content), hashlib.sha256(content).hexdigest()))
    return out


# --- the requests (by chunks) -----------------------------------------------------------------
def _path(state: str, type_key: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """(transition, from, to) of a valid path from filing to ``state``."""
    path = [("file", "", "submitted")]
    if state == "submitted":
        return path
    path.append(("take", "submitted", "in_progress"))
    if state == "in_progress":
        return path
    asked = state in ("awaiting_requester", "updated") or rng.random() < 0.2
    if asked:
        path.append(("request_info", "in_progress", "awaiting_requester"))
        if state == "awaiting_requester":
            return path
        path.append(("answer", "awaiting_requester", "updated"))
        if state == "updated":
            return path
    here = path[-1][2]
    if type_key != "question" and state != "resolved_refused":
        path.append(("execute", here, "executing"))
        if state == "executing":
            return path
        path.append(("core_succeeded", "executing", "resolved"))
    else:
        path.append(("resolve", here, "resolved"))
    if state == "closed":
        path.append(("close", "resolved", "closed"))
    return path


def _role(name: str) -> str:
    if name in ("file", "answer"):
        return "requester"
    if name in ("core_succeeded", "close"):
        return "system"
    return "technician"


def seed_chunk(
    *,
    start: int,
    count: int,
    total: int,
    world: World,
    now: datetime,
    policies: dict[str, Any],
    heavy_thread: int | None,
) -> None:
    """Requests ``start`` … ``start + count - 1`` (global indexes), in the caller's transaction."""
    from lifecycle.services.sla import sla_values
    from sla.clock import ClockEvent, EventKind, sla_compute

    rng = random.Random(20261201 + start)
    cursor = _raw_cursor()
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM lifecycle_request")
    base_id = cursor.fetchone()[0] + 1
    states, state_w = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    span = timedelta(days=3 * 365)
    requests: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    messages: list[tuple[Any, ...]] = []
    attachments: list[tuple[Any, ...]] = []
    message_id_base = _next_id(cursor, "lifecycle_message")
    message_id = message_id_base
    for offset in range(count):
        index = start + offset
        pk = base_id + offset
        state = rng.choices(states, state_w)[0]
        type_key = rng.choices(types, type_w)[0]
        if type_key == "question" and state == "executing":
            state = "in_progress"
        # Older requests first: the open ones are the recent ones, as in a real desk.
        age = span * (1 - index / total) if state in ("closed", "resolved") else None
        filed = now - (age if age is not None else timedelta(hours=rng.uniform(1, 24 * 20)))
        if state == "resolved":
            filed = now - timedelta(days=rng.uniform(1, 13))
        if type_key == "liquidator_access":
            requester = world.liquidators[index % len(world.liquidators)]
        elif index % max(1, total // MON_ESPACE_REQUESTS) == 0:
            requester = world.employers[0]  # the account "Mon espace" is measured on
        else:
            requester = world.employers[(index * 7919) % len(world.employers)]
        siren = world.sirens[(index * 104729) % len(world.sirens)]
        siret = luhn_complete(siren + "0001")
        tech = world.technicians[index % len(world.technicians)]
        path = _path(state, type_key, rng)
        at = filed
        events = []
        first_response = resolved_at = closed_at = None
        for name, from_state, to_state in path:
            if name != "file":
                at = at + timedelta(minutes=rng.randint(20, 60 * 30))
            if at > now:
                at = now - timedelta(seconds=len(logs) % 600 + 1)
            actor = {"requester": requester, "technician": tech, "system": None}[_role(name)]
            logs.append((pk, name, from_state, to_state, actor, _role(name), "", "{}", at))
            events.append(
                ClockEvent(
                    at=at,
                    kind=EventKind.FILED if name == "file" else EventKind.TRANSITION,
                    from_state=from_state,
                    to_state=to_state,
                )
            )
            if to_state == "resolved":
                resolved_at = at
            if to_state == "closed":
                closed_at = at
        theme, subtheme, subject = SUBJECTS[type_key]
        thread = 50 if heavy_thread == index else rng.randint(1, 4)
        message_at = filed
        for m in range(thread):
            staff = m % 2 == 1
            if m:
                message_at = message_at + timedelta(minutes=rng.randint(5, 600))
            if message_at > now:
                message_at = now
            body = (
                "Bonjour, nous avons bien reçu votre demande et la traitons. Cordialement."
                if staff
                else "Bonjour, je n'arrive plus à accéder au compte de mon entreprise. Merci."
            )
            author = tech if staff else requester
            messages.append((message_id, pk, author, "public", body, message_at))
            message_id += 1
            if staff:
                first_response = first_response or message_at
                events.append(ClockEvent(at=message_at, kind=EventKind.STAFF_PUBLIC_MESSAGE))
        if type_key == "liquidator_access":
            name, size, digest = world.pdfs[index % len(world.pdfs)]
            token = hashlib.sha256(f"bench-{pk}".encode()).hexdigest()[:32]
            attachments.append(
                (
                    pk,
                    None,
                    requester,
                    name,
                    token,
                    "minutes-du-greffe.pdf",
                    "application/pdf",
                    size,
                    digest,
                    False,
                    filed,
                )
            )
        policy = policies.get(type_key)
        sla: dict[str, Any] = {
            "sla_status": "on_time",
            "first_response_due": None,
            "resolution_due": None,
            "sla_at_risk_at": None,
        }
        if policy is not None:
            result = sla_compute(events=events, calendar=policy[1], policy=policy[0], now=now)
            holder = SimpleNamespace(sla_at_risk_notified_at=None, sla_breach_notified_at=None)
            sla = sla_values(holder, result)  # type: ignore[arg-type]
        open_key = ""
        if type_key == "liquidator_access" and state not in ("resolved", "closed"):
            open_key = f"{requester}:{siren}:{index}"  # unique: one open request per key
        requests.append(
            (
                pk,
                f"DEM-{filed.year}-B{index:07d}",
                type_key,
                requester,
                siret,
                siren,
                open_key,
                theme,
                subtheme,
                subject,
                '{"bench": true}',
                state,
                None if state == "submitted" else tech,
                "done" if state in ("resolved", "closed") else "",
                "",
                "",
                0,
                len(path),
                str(sla["sla_status"]),
                sla["first_response_due"],
                sla["resolution_due"],
                sla["sla_at_risk_at"],
                filed,
                first_response,
                resolved_at,
                closed_at,
                at,
            )
        )
    _copy(
        cursor,
        "lifecycle_request",
        (
            "id",
            "number",
            "type_key",
            "requester_id",
            "siret",
            "siren",
            "open_key",
            "theme",
            "subtheme",
            "subject",
            "data",
            "state",
            "assignee_id",
            "outcome",
            "pending_idempotency_key",
            "last_error",
            "reopened_count",
            "version",
            "sla_status",
            "first_response_due",
            "resolution_due",
            "sla_at_risk_at",
            "filed_at",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "updated_at",
        ),
        requests,
    )
    _copy(
        cursor,
        "lifecycle_transitionlog",
        (
            "request_id",
            "name",
            "from_state",
            "to_state",
            "actor_id",
            "actor_role",
            "comment",
            "details",
            "at",
        ),
        logs,
    )
    _copy(
        cursor,
        "lifecycle_message",
        ("id", "request_id", "author_id", "visibility", "body", "created_at"),
        messages,
    )
    _copy(
        cursor,
        "lifecycle_attachment",
        (
            "request_id",
            "message_id",
            "uploaded_by_id",
            "file",
            "token",
            "display_name",
            "mime",
            "size",
            "sha256",
            "antivirus_scanned",
            "created_at",
        ),
        attachments,
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('lifecycle_request', 'id'), %s)",
        [base_id + count - 1],
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('lifecycle_message', 'id'), %s)",
        [max(message_id - 1, 1)],
    )


def _next_id(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return int(cursor.fetchone()[0])


def seeded_count() -> int:
    from lifecycle.models import Request

    return Request.objects.filter(data__bench=True).count()


def seed(*, requests: int, progress: bool = True) -> int:
    """Seeds up to ``requests`` bench requests (continuing a partial run); returns how many
    were added."""
    from django.db import connection, transaction
    from tqdm import tqdm

    from sla.selectors import calendar_load, policy_load

    if connection.vendor != "postgresql":
        raise SystemExit("seed_bench writes with COPY: DATABASE_URL must be PostgreSQL.")
    now = datetime.now(UTC).replace(microsecond=0)
    rng = random.Random(20261201)
    sizes = Sizes(requests)
    with transaction.atomic():
        seed_people(sizes, rng, now)
    world = load_world()
    policies: dict[str, Any] = {}
    for type_key in TYPE_WEIGHTS:
        policy = policy_load(type_key)
        if policy is not None:
            policies[type_key] = (policy, calendar_load(policy.calendar_id))
    done = seeded_count()
    bar = tqdm(total=requests, initial=done, unit="req", disable=not progress)
    added = 0
    while done < requests:
        count = min(CHUNK, requests - done)
        with transaction.atomic():
            seed_chunk(
                start=done,
                count=count,
                total=requests,
                world=world,
                now=now,
                policies=policies,
                heavy_thread=min(requests - 1, 123),
            )
        done += count
        added += count
        bar.update(count)
    bar.close()
    with connection.cursor() as cursor:
        for table in ("lifecycle_request", "lifecycle_transitionlog", "lifecycle_message"):
            cursor.execute(f"ANALYZE {table}")
    # The desk's daily roll-up, built by the real code (as the nightly task would).
    # Today too, in part, as the five-minute beat task keeps it.
    from lifecycle.services.figures import figures_rebuild_due, figures_rebuild_today

    started = time.perf_counter()
    built = figures_rebuild_due(now=datetime.now(UTC))
    figures_rebuild_today(now=datetime.now(UTC))
    if progress:
        print(f"daily figures: {built.days} days in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        for table in ("lifecycle_dailyfigures", "lifecycle_dailyduration", "lifecycle_figuresday"):
            cursor.execute(f"ANALYZE {table}")
    return added
