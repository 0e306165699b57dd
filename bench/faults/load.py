"""The load generator: filings over HTTP from a thread pool (httpx), every answer recorded."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Answer:
    status: int  # 0: no answer at all (connection refused, timeout)
    seconds: float
    retry_after: str | None
    code: str
    number: str
    message: str = ""


@dataclass
class Load:
    base_url: str
    token: str
    threads: int = 8
    timeout: float = 30.0
    answers: list[Answer] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def file(self, body: dict[str, Any], files: dict[str, Any] | None = None) -> Answer:
        started = time.monotonic()
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        try:
            if files:
                response = httpx.post(
                    f"{self.base_url}/api/v1/requests/",
                    data=body,
                    files=files,
                    headers=headers,
                    timeout=self.timeout,
                )
            else:
                response = httpx.post(
                    f"{self.base_url}/api/v1/requests/",
                    json=body,
                    headers=headers,
                    timeout=self.timeout,
                )
        except httpx.HTTPError:
            answer = Answer(0, time.monotonic() - started, None, "no_answer", "")
        else:
            try:
                payload = response.json()
            except ValueError:
                payload = {}
            answer = Answer(
                response.status_code,
                time.monotonic() - started,
                response.headers.get("Retry-After"),
                str(payload.get("code", "")) if isinstance(payload, dict) else "",
                str(payload.get("number", "")) if isinstance(payload, dict) else "",
                str(payload.get("message", "")) if isinstance(payload, dict) else "",
            )
        with self._lock:
            self.answers.append(answer)
        return answer

    def stream(self, bodies: list[dict[str, Any]], *, over: float) -> None:
        """File every body, spread evenly over ``over`` seconds, ``threads`` at a time."""
        gap = over / max(len(bodies), 1)
        start = time.monotonic()
        with ThreadPoolExecutor(self.threads) as pool:
            for n, body in enumerate(bodies):
                delay = start + n * gap - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(self.file, body)

    def summary(self) -> dict[str, Any]:
        statuses = Counter(a.status for a in self.answers)
        unavailable = [a for a in self.answers if a.status == 503]
        seconds = sorted(a.seconds for a in self.answers) or [0.0]
        return {
            "sent": len(self.answers),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "created": statuses.get(201, 0),
            "5xx": sum(v for k, v in statuses.items() if k >= 500),
            "bare_5xx": sum(1 for a in self.answers if a.status >= 500 and a.status != 503)
            + sum(1 for a in unavailable if not a.retry_after),
            "no_answer": statuses.get(0, 0),
            "p50_s": round(seconds[len(seconds) // 2], 3),
            "max_s": round(seconds[-1], 3),
        }
