"""The requests of the seeded desk, by chunks: states, paths of the state machine, messages,
attachments and the SLA fields computed by the real clock, written with COPY."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from bench.seeding.copy import copy_rows, next_id, raw_cursor
from bench.seeding.people import World, luhn_complete

MON_ESPACE_REQUESTS = 500
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


def path_to(state: str, type_key: str, rng: random.Random) -> list[tuple[str, str, str]]:
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
    cursor = raw_cursor()
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM lifecycle_request")
    base_id = cursor.fetchone()[0] + 1
    states, state_w = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    types, type_w = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    span = timedelta(days=3 * 365)
    requests: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    messages: list[tuple[Any, ...]] = []
    attachments: list[tuple[Any, ...]] = []
    message_id_base = next_id(cursor, "lifecycle_message")
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
        path = path_to(state, type_key, rng)
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
                f"DEM-{filed.year}-9{index:08d}",
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
    copy_rows(
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
    copy_rows(
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
    copy_rows(
        cursor,
        "lifecycle_message",
        ("id", "request_id", "author_id", "visibility", "body", "created_at"),
        messages,
    )
    copy_rows(
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
