"""bench_scale's count of the connections a server process holds (from /proc)."""

from __future__ import annotations

import socket
import sys
from http.client import HTTPResponse
from pathlib import Path

import pytest

from bench.proc_stats import held_connections, open_connections
from tests.conftest import StartServer, make_settings

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc"),
]


def _kept_alive(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    reply = HTTPResponse(sock)
    reply.begin()
    reply.read()
    assert reply.status == 200  # accepted and answered: the server holds the connection
    return sock


def test_counts_the_connections_the_server_holds(tmp_path: Path, start_server: StartServer) -> None:
    server = start_server(make_settings(tmp_path))  # one worker: the serve process itself
    clients = [_kept_alive(server.port) for _ in range(3)]
    try:
        established = open_connections(server.port)
        assert len(established) == 3  # the server's ends only (clients' local ports differ)
        assert held_connections(server.process.pid, established) == 3
    finally:
        for client in clients:
            client.close()
