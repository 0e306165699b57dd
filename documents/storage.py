"""The document store: the local disk in the embedded profile, S3-compatible object storage in
production.

Every call that reaches the store goes through here, so that a store that is down is one
exception, :class:`StoreUnavailable` (a dependency outage: answered 503 with ``Retry-After`` by
``common.unavailable``), whatever the backend. Downloads are streamed from the store to the
desk's view, which keeps its access checks and headers: no bucket URL is ever given out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from common.unavailable import DependencyUnavailable

CHUNK_BYTES = 64 * 1024


class StoreUnavailable(DependencyUnavailable):
    """The document store could not be reached (or answered with a server error)."""

    message = _("Le stockage des documents est momentanément indisponible ; réessayez plus tard.")


def _is_outage(exc: BaseException) -> bool:
    if isinstance(exc, BotoCoreError):  # connection refused, timeouts, broken responses
        return True
    if isinstance(exc, ClientError):
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return status >= 500 or status == 0
    return False


def _s3_key(storage: Any, name: str) -> str | None:
    """The object key when ``storage`` is django-storages' S3 backend, else None."""
    normalize = getattr(storage, "_normalize_name", None)
    return normalize(name) if normalize is not None and hasattr(storage, "bucket") else None


def stored_save(name: str, content: bytes) -> str:
    """Write ``content`` under ``name`` (a server-generated name); the name actually used."""
    try:
        return str(default_storage.save(name, ContentFile(content)))
    except (BotoCoreError, ClientError) as exc:
        if _is_outage(exc):
            raise StoreUnavailable(str(exc)) from exc
        raise


def stored_delete(name: str) -> None:
    """Remove ``name``; a file that is already gone is not an error."""
    try:
        default_storage.delete(name)
    except FileNotFoundError:
        return
    except (BotoCoreError, ClientError) as exc:
        if _is_outage(exc):
            raise StoreUnavailable(str(exc)) from exc
        raise


@dataclass
class StoredFile:
    """An open stored file, read in chunks: ``read``, ``close`` and its ``size`` in bytes."""

    stream: IO[bytes] | Any
    size: int

    def read(self, size: int = -1) -> bytes:
        return bytes(self.stream.read(size) if size > 0 else self.stream.read())

    def __enter__(self) -> StoredFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK_BYTES):
            yield chunk

    def close(self) -> None:
        self.stream.close()


def stored_open(name: str) -> StoredFile:
    """Open ``name`` for reading. The store is asked now (not when the first byte is sent), so an
    outage is a 503 before any header, and the body then streams without a local copy."""
    storage: Any = default_storage
    key = _s3_key(storage, name)
    try:
        if key is not None:
            answer = storage.bucket.Object(key).get()
            return StoredFile(stream=answer["Body"], size=int(answer["ContentLength"]))
        handle = storage.open(name, "rb")
        return StoredFile(stream=handle, size=int(handle.size))
    except ClientError as exc:
        if _is_outage(exc):
            raise StoreUnavailable(str(exc)) from exc
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise FileNotFoundError(name) from exc
        raise
    except BotoCoreError as exc:
        raise StoreUnavailable(str(exc)) from exc
