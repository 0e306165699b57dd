"""A small closed-loop load generator: C client threads, each sending its next request as soon as
the previous one answered, until a count or a deadline, whichever comes first.

``wrk`` is not on the machine and the filing pages need a per-client session, a CSRF token and
multipart bodies: a Python generator (threads + httpx, one connection per client) is simpler to
keep right. It shares the two cores with the server, so requests per second are a floor.

``load_run(send, clients=…, seconds=…, max_requests=…)`` calls ``send(client_index, sequence)``,
which returns the HTTP status it got (or raises: counted as an error); the ``LoadResult`` says
how many were sent, how many answered as expected, the latencies' percentiles and the rate.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from bench.common import summary

Send = Callable[[int, int], int]


@dataclass
class LoadResult:
    clients: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    ok: int = 0
    errors: int = 0

    @property
    def sent(self) -> int:
        return self.ok + self.errors

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def as_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "sent": self.sent,
            "ok": self.ok,
            "errors": self.errors,
            "statuses": dict(sorted(self.statuses.items())),
            "per_second": round(self.per_second, 1),
        }
        if self.latencies_ms:
            row.update(summary(self.latencies_ms))
        return row


def load_run(
    send: Send,
    *,
    clients: int,
    seconds: float,
    max_requests: int,
    expected: Collection[int] = (302,),
) -> LoadResult:
    """Runs ``clients`` threads calling ``send`` until ``max_requests`` calls in all were started
    or ``seconds`` have passed. A status outside ``expected`` or an exception is an error."""
    if clients < 1 or max_requests < 1 or seconds <= 0:
        raise ValueError("clients, max_requests and seconds must be positive")
    result = LoadResult(clients=clients)
    lock = threading.Lock()
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds

    def take_ticket() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.perf_counter() >= deadline:
                return None
            issued += 1
            return issued - 1

    def record(status: str, elapsed_ms: float, good: bool) -> None:
        with lock:
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if good:
                result.ok += 1
                result.latencies_ms.append(elapsed_ms)
            else:
                result.errors += 1

    def client(index: int) -> None:
        while (sequence := take_ticket()) is not None:
            began = time.perf_counter()
            try:
                status = send(index, sequence)
            except Exception as error:  # a failed request is counted, not fatal
                record(type(error).__name__, (time.perf_counter() - began) * 1000, False)
                continue
            record(str(status), (time.perf_counter() - began) * 1000, status in expected)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)  # a request hung past the deadline is not waited for
    result.seconds = time.perf_counter() - started
    return result


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), in seconds."""
    import os

    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15)


def process_rss_mib(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
