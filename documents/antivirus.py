"""The ClamAV hook (U8): a file is clean only when clamd says ``OK``; everything else refuses.

clamd is reached over its INSTREAM protocol (a unix socket ``unix:///run/clamav/clamd.ctl`` or
``tcp://host:3310``) named by ``GUICHET_CLAMD_ADDRESS``; when that setting is empty no scan runs
(the embedded default has no clamd). Fail closed: clamd down, a timeout, a size limit or any
unexpected answer refuses the upload with a "try again" message, after one quick retry.
"""

from __future__ import annotations

import socket
import struct
import time
from urllib.parse import urlparse

from django.conf import settings

from documents.errors import UploadRefused

CHUNK = 64 * 1024
INFECTED_MESSAGE = "Le fichier contient un virus ou un contenu malveillant, il est refusé."
SCAN_FAILED_MESSAGE = (
    "L'analyse antivirus du fichier n'a pas pu être faite. Réessayez dans quelques minutes."
)


class _ScanFailed(Exception):
    pass


def clamd_address() -> str:
    """``GUICHET_CLAMD_ADDRESS``; read with a default until settings.py declares it."""
    return str(getattr(settings, "GUICHET_CLAMD_ADDRESS", ""))


def scanning_enabled() -> bool:
    return bool(clamd_address())


def scan_bytes(data: bytes, *, attempts: int = 2) -> None:
    """Return if clamd answers OK; raise ``UploadRefused`` (infected or scan failed) otherwise."""
    for attempt in range(attempts):
        try:
            answer = _instream(data)
        except _ScanFailed:
            if attempt + 1 < attempts:
                time.sleep(0.2)
                continue
            raise UploadRefused(UploadRefused.SCAN_FAILED, SCAN_FAILED_MESSAGE) from None
        if answer == "stream: OK":
            return
        if answer.startswith("stream: ") and answer.endswith(" FOUND"):
            raise UploadRefused(UploadRefused.INFECTED, INFECTED_MESSAGE)
        raise UploadRefused(UploadRefused.SCAN_FAILED, SCAN_FAILED_MESSAGE)


def _connect() -> socket.socket:
    address = urlparse(clamd_address())
    timeout = float(getattr(settings, "GUICHET_CLAMD_TIMEOUT", 10.0))
    if address.scheme == "unix":
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(timeout)
        client.connect(address.path)
        return client
    if address.scheme == "tcp" and address.hostname and address.port:
        return socket.create_connection((address.hostname, address.port), timeout=timeout)
    raise _ScanFailed(f"unsupported clamd address {clamd_address()!r}")


def _instream(data: bytes) -> str:
    try:
        with _connect() as client:
            client.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                client.sendall(struct.pack("!L", len(chunk)) + chunk)
            client.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = client.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:
        raise _ScanFailed(str(error)) from error
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()
