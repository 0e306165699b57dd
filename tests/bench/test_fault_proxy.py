"""The faults bench's proxy: it forwards, holds each connection when slow, refuses when down."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator

import pytest

from bench.faults.proxy import FaultProxy


class Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(self.request.recv(1024))


@pytest.fixture
def proxy() -> Iterator[FaultProxy]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fault = FaultProxy(server.server_address[1])
    fault.start()
    yield fault
    fault.stop()
    server.shutdown()
    server.server_close()


def echo_through(proxy: FaultProxy) -> bytes:
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        sock.sendall(b"bonjour")
        return sock.recv(1024)


def test_it_forwards_to_the_service(proxy):
    assert echo_through(proxy) == b"bonjour"


def test_a_slow_proxy_holds_each_connection(proxy):
    proxy.slow(0.5)
    started = time.monotonic()

    assert echo_through(proxy) == b"bonjour"
    assert time.monotonic() - started >= 0.5


def test_a_down_proxy_refuses_connections_until_it_is_up_again(proxy):
    proxy.down()

    with pytest.raises(ConnectionRefusedError):
        echo_through(proxy)
    proxy.up()
    assert echo_through(proxy) == b"bonjour"
