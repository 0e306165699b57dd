from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import UploadRefused, check_upload
from tests.documents import samples
from tests.documents.conftest import EICAR

SCAN_FAILED = (
    "L'analyse antivirus du fichier n'a pas pu être faite. Réessayez dans quelques minutes."
)


def refusal(data: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        check_upload(SimpleUploadedFile("minutes.pdf", data))
    return caught.value


@pytest.fixture
def with_clamd(settings, clamd_address):
    settings.GUICHET_CLAMD_ADDRESS = clamd_address


def test_a_clean_pdf_passes_the_real_clamd(with_clamd):
    assert check_upload(SimpleUploadedFile("minutes.pdf", samples.valid_pdf())).size > 0


def test_eicar_after_the_end_of_a_valid_pdf_is_refused(with_clamd):
    data = samples.valid_pdf() + b"\n" + EICAR + b"\n"

    error = refusal(data)

    assert error.code == "infected"
    assert error.message == "Le fichier contient un virus ou un contenu malveillant, il est refusé."


def test_without_clamd_configured_the_same_file_is_not_scanned(settings):
    settings.GUICHET_CLAMD_ADDRESS = ""
    data = samples.valid_pdf() + b"\n" + EICAR + b"\n"
    assert check_upload(SimpleUploadedFile("minutes.pdf", data)).size == len(data)


def test_clamd_down_fails_closed(settings, tmp_path):
    settings.GUICHET_CLAMD_ADDRESS = f"unix://{tmp_path / 'nobody-listens.sock'}"
    error = refusal(samples.valid_pdf())
    assert (error.code, error.message) == ("scan_failed", SCAN_FAILED)


@pytest.fixture
def fake_clamd(tmp_path) -> Iterator[tuple[Path, list[bytes | None]]]:
    """A unix socket server that answers each connection with the next scripted reply."""
    path = tmp_path / "fake.sock"
    replies: list[bytes | None] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            reply = replies.pop(0) if replies else b"stream: OK\0"
            if reply is None:
                held.append(connection)  # never answers
            else:
                received = b""
                while not received.endswith(b"\0\0\0\0"):  # INSTREAM's closing empty chunk
                    part = connection.recv(1 << 16)
                    if not part:
                        break
                    received += part
                connection.sendall(reply)
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield path, replies
    stop.set()
    thread.join(5)
    for connection in held:
        connection.close()
    server.close()


def test_a_size_error_from_clamd_fails_closed(settings, fake_clamd):
    path, replies = fake_clamd
    settings.GUICHET_CLAMD_ADDRESS = f"unix://{path}"
    replies.extend([b"INSTREAM size limit exceeded. ERROR\0"])

    assert refusal(samples.valid_pdf()).code == "scan_failed"


def test_a_clamd_that_never_answers_fails_closed_after_the_timeout(settings, fake_clamd):
    path, replies = fake_clamd
    settings.GUICHET_CLAMD_ADDRESS = f"unix://{path}"
    settings.GUICHET_CLAMD_TIMEOUT = 0.3
    replies.extend([None, None])

    assert refusal(samples.valid_pdf()).code == "scan_failed"


def test_a_transient_clamd_failure_is_retried_once(settings, fake_clamd):
    path, replies = fake_clamd
    settings.GUICHET_CLAMD_ADDRESS = f"unix://{path}"
    settings.GUICHET_CLAMD_TIMEOUT = 0.3
    replies.extend([None, b"stream: OK\0"])

    assert check_upload(SimpleUploadedFile("minutes.pdf", samples.valid_pdf())).size > 0


def test_a_file_clamd_passed_says_it_was_scanned(with_clamd):
    checked = check_upload(SimpleUploadedFile("minutes.pdf", samples.valid_pdf()))

    assert checked.antivirus_scanned is True


def test_a_file_accepted_without_clamd_says_it_was_not_scanned(settings):
    settings.GUICHET_CLAMD_ADDRESS = ""

    checked = check_upload(SimpleUploadedFile("minutes.pdf", samples.valid_pdf()))

    assert checked.antivirus_scanned is False
