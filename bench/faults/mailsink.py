"""An SMTP sink that counts: one line per message received (``python -m bench.faults.mailsink
PORT LOG``), its recipients and subject, so that the bench can count duplicated e-mails."""

from __future__ import annotations

import asyncore
import email
import json
import smtpd
import sys
import warnings
from typing import Any

warnings.filterwarnings("ignore", category=DeprecationWarning)


class CountingServer(smtpd.SMTPServer):
    def __init__(self, port: int, log_path: str) -> None:
        super().__init__(("127.0.0.1", port), ("127.0.0.1", 0), decode_data=False)  # no relay
        self.log_path = log_path

    def process_message(
        self, peer: Any, mailfrom: str, rcpttos: list[str], data: bytes | str, **kw: Any
    ) -> None:
        message = email.message_from_bytes(data if isinstance(data, bytes) else data.encode())
        line = {
            "to": sorted(rcpttos),
            "subject": str(message.get("Subject", "")),
            "id": str(message.get("Message-ID", "")),
        }
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    CountingServer(int(sys.argv[1]), sys.argv[2])
    asyncore.loop()
