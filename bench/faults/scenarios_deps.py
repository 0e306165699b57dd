"""Faults of the core, the beats and the object store, under load."""

from __future__ import annotations

import io
import json
import signal
import threading
import time
from datetime import datetime
from typing import Any

from django.utils import timezone
from pypdf import PdfWriter

from bench.faults import counts
from bench.faults.scenarios import Result, _core_counts, _execute_all, _load, _removals
from bench.faults.stack import Stack

REMOVAL_BODY = {
    "type": "admin_removal",
    "siret": counts.DEMO_SIRET,
    "removed_last_name": "Lefèvre",
    "removed_first_name": "Jean-François",
    "beneficiary_last_name": "Durand",
    "beneficiary_first_name": "Alice",
    "reason": "Départ de l'entreprise.",
    "acknowledgement": True,
}
FRENCH_503 = "indisponible"


def core_slow_then_down(stack: Stack, *, filings: int, slow: float, down_for: float) -> Result:
    """Filings that check the core, and executions, while the core is slow, then down."""
    assert stack.core_proxy is not None
    # Fewer callers than web workers: the time measured is the desk's, not gunicorn's queue.
    load = _load(stack, threads=max(1, stack.web_workers - 1))
    tickets, since = _removals(stack, 10), timezone.now()
    stack.core_proxy.slow(slow)
    slow_feed = threading.Thread(
        target=load.stream, args=([REMOVAL_BODY] * (filings // 2),), kwargs={"over": 10}
    )
    slow_feed.start()
    _execute_all(tickets[:5], over=5)
    slow_feed.join(120)
    slow_answers = list(load.answers)
    stack.core_proxy.slow(0)
    stack.core_proxy.down()
    down_start = len(load.answers)
    _execute_all(tickets[5:], over=2)
    load.stream([REMOVAL_BODY] * (filings - filings // 2), over=min(down_for - 5, 30))
    down_answers = load.answers[down_start:]
    time.sleep(max(0.0, down_for - 35))
    stack.core_proxy.up()
    settled = counts.wait_effects_settled(since, timeout=300)
    answers = slow_answers + down_answers
    unanswered = [a for a in answers if a.status not in {201, 400, 503}]
    french = [
        a
        for a in answers
        if a.status == 503
        and a.retry_after
        and a.code in {"core_unavailable", "unavailable"}
        and FRENCH_503 in a.message
    ]
    max_503 = round(max((a.seconds for a in answers if a.status == 503), default=0.0), 2)
    figures: dict[str, Any] = {
        "filings": len(answers),
        "statuses": {
            str(s): sum(1 for a in answers if a.status == s)
            for s in sorted({a.status for a in answers})
        },
        "max_503_s": max_503,
        "max_s": round(max((a.seconds for a in answers), default=0.0), 2),
        **_core_counts(tickets),
        **counts.effects_since(since),
        "recovery_s": settled,
    }
    broken = []
    if unanswered:
        broken.append(f"{len(unanswered)} filings answered neither 201, 400 nor 503")
    if len(french) != sum(1 for a in answers if a.status == 503):
        broken.append("a 503 without Retry-After, the API's error shape or a French message")
    if max_503 > slow + 3:
        broken.append(f"a 503 took {max_503} s")
    if figures["core_lost"] or figures["core_duplicated"]:
        broken.append("executions lost or duplicated in the core")
    if settled is None:
        broken.append("executions not all delivered after the core returned")
    return figures, broken


def _sends(log: str) -> list[tuple[datetime, str]]:
    found = []
    for line in log.splitlines():
        if "Scheduler: Sending due task " not in line or not line.startswith("{"):
            continue
        record = json.loads(line)
        name = record["message"].removeprefix("Scheduler: Sending due task ").split(" ")[0]
        found.append((datetime.strptime(record["time"], "%Y-%m-%d %H:%M:%S,%f"), name))
    return found


def beat_killed(stack: Stack, *, within: float = 60.0) -> Result:
    """SIGKILL the beat that holds the lock; the other must send within ``within`` s, once."""
    holders = [n for n in ("beat1", "beat2") if "beat lock taken" in stack.processes[n].log()]
    victim_name = holders[0] if holders else "beat1"
    other = stack.processes["beat2" if victim_name == "beat1" else "beat1"]
    victim = stack.processes[victim_name]
    victim.signal_group(signal.SIGKILL)
    victim.popen.wait(10)
    killed_at = time.monotonic()
    took = None
    while time.monotonic() - killed_at < within + 30:
        if "beat lock taken" in other.log() and _sends(other.log()):
            took = round(time.monotonic() - killed_at, 1)
            break
        time.sleep(0.5)
    time.sleep(10)  # a few ticks of the new holder
    sends = sorted(_sends(victim.log()) + _sends(other.log()))
    twice = 0
    last: dict[str, datetime] = {}
    interval = {"outbox-relay": 1.0}
    for at, name in sends:
        if name in last and (at - last[name]).total_seconds() < interval.get(name, 1.0) * 0.5:
            twice += 1
        last[name] = at
    stack.start_beat(victim_name)
    figures = {"takeover_s": took, "sends": len(sends), "sent_twice_in_one_tick": twice}
    broken = []
    if took is None or took > within:
        broken.append(f"no takeover within {within:.0f} s")
    if twice:
        broken.append(f"{twice} periodic tasks sent twice for one tick")
    return figures, broken


def store_down(stack: Stack, *, filings: int, down_for: float) -> Result:
    """Filings with a document and downloads while the object store refuses connections."""
    import httpx

    from lifecycle.models import Attachment

    assert stack.store_proxy is not None
    load = _load(stack, threads=4)
    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    pdf = buffer.getvalue()
    body = {k: "on" if v is True else str(v) for k, v in REMOVAL_BODY.items()}
    before = load.file(body, files={"attachments": ("piece.pdf", pdf, "application/pdf")})
    attachment = Attachment.objects.order_by("-pk").first()
    since, saved_before = timezone.now(), Attachment.objects.count()
    stack.store_proxy.down()
    down = [
        load.file(body, files={"attachments": ("piece.pdf", pdf, "application/pdf")})
        for _ in range(filings)
    ]
    headers = {"Authorization": f"Bearer {load.token}"}
    url = f"{stack.base_url}/api/v1/documents/{attachment.token if attachment else 'x'}/"
    download_down = httpx.get(url, headers=headers, timeout=30)
    from lifecycle.models import Request

    saved_while_down = Request.objects.filter(filed_at__gte=since).count()
    time.sleep(max(0.0, down_for - 10))
    stack.store_proxy.up()
    after = load.file(body, files={"attachments": ("piece.pdf", pdf, "application/pdf")})
    download_after = httpx.get(url, headers=headers, timeout=30)
    figures = {
        "before": before.status,
        "before_code": before.code,
        "down_statuses": sorted({a.status for a in down}),
        "down_french_503": sum(
            1 for a in down if a.status == 503 and a.retry_after and FRENCH_503 in a.message
        ),
        "saved_while_down": saved_while_down,
        "attachments_added_while_down": Attachment.objects.count()
        - saved_before
        - (after.status == 201),
        "download_while_down": download_down.status_code,
        "after": after.status,
        "download_after": download_after.status_code,
        "max_s": round(max(a.seconds for a in down), 2),
    }
    broken = []
    if figures["down_french_503"] != filings:
        broken.append("filings with documents not all a 503 with Retry-After")
    if saved_while_down:
        broken.append(f"{saved_while_down} requests saved while the store was down")
    if download_down.status_code != 503:
        broken.append(f"download answered {download_down.status_code} while the store was down")
    if after.status != 201 or download_after.status_code != 200:
        broken.append("filing or download did not recover")
    return figures, broken
