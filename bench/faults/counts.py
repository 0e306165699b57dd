"""What the faults bench counts, from the database, the core's rows and the mail sink."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

DEMO_EMPLOYER = "employeur@demo.guichet.fr"
DEMO_TECHNICIAN = "technicien@demo.guichet.fr"
DEMO_SIRET = "73282932000074"


def users() -> tuple[Any, Any]:
    from users.models import User

    return User.objects.get(email=DEMO_EMPLOYER), User.objects.get(email=DEMO_TECHNICIAN)


def token_for(user: Any) -> str:
    from users.api_tokens import api_token_create

    _row, raw = api_token_create(user=user, name=f"bench {time.time_ns()}")
    return raw


def question_body(n: int) -> dict[str, Any]:
    from lifecycle.models import Theme

    subtheme = Theme.objects.filter(parent__isnull=False).order_by("pk").first()
    assert subtheme is not None, "demo_data seeds the themes"
    return {
        "type": "question",
        "theme": subtheme.parent_id,
        "subtheme": subtheme.pk,
        "subject": f"Question de charge {n}",
        "question": f"Question numéro {n} déposée pendant une panne.",
    }


def effects_since(since: datetime) -> dict[str, int]:
    from outbox.models import OutboxEffect

    rows = OutboxEffect.objects.filter(created_at__gte=since)
    statuses = Counter(rows.values_list("status", flat=True))
    return {
        "effects": sum(statuses.values()),
        "done": statuses.get("done", 0),
        "dead": statuses.get("dead", 0),
        "waiting": sum(v for k, v in statuses.items() if k not in {"done", "dead"}),
        "attempts_over_1": rows.filter(attempts__gt=1).count(),
    }


def wait_effects_settled(since: datetime, *, timeout: float) -> float | None:
    """Seconds until every effect created since ``since`` is done or dead; None past timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if effects_since(since)["waiting"] == 0:
            return round(time.monotonic() - start, 1)
        time.sleep(1)
    return None


def mails(log_path: Path, *, after_line: int = 0) -> dict[str, int]:
    try:
        lines = log_path.read_text(encoding="utf-8").splitlines()[after_line:]
    except FileNotFoundError:
        lines = []
    received = [json.loads(line) for line in lines]
    distinct = Counter((tuple(m["to"]), m["subject"], m["id"]) for m in received)
    by_content = Counter((tuple(m["to"]), m["subject"]) for m in received)
    return {
        "mails": len(received),
        "mails_duplicated": sum(v - 1 for v in distinct.values() if v > 1),
        "mails_same_subject_twice": sum(v - 1 for v in by_content.values() if v > 1),
    }


def mail_lines(log_path: Path) -> int:
    try:
        return len(log_path.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return 0


def requests_since(since: datetime) -> dict[str, int]:
    """Filed requests and the half-saved ones (no filing journal row, or no outbox effect)."""
    from lifecycle.models import Request
    from outbox.models import OutboxEffect

    filed = list(Request.objects.filter(filed_at__gte=since))
    refs = set(
        OutboxEffect.objects.filter(created_at__gte=since).values_list("subject_ref", flat=True)
    )
    half = [r for r in filed if not r.transitions.exists() or r.subject_ref not in refs]
    return {"saved": len(filed), "half_saved": len(half)}
