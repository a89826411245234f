"""KEEPALIVE_REQUESTS: the server closes a kept-alive connection after that many responses."""

from __future__ import annotations

import socket
from http.client import HTTPResponse
from pathlib import Path

import pytest

from tests.conftest import StartServer, make_settings

pytestmark = pytest.mark.integration


def _get(sock: socket.socket, path: str) -> HTTPResponse:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    response = HTTPResponse(sock)
    response.begin()
    response.read()
    return response


def test_the_limit_th_response_closes_the_connection(
    tmp_path: Path, start_server: StartServer
) -> None:
    server = start_server(make_settings(tmp_path), KEEPALIVE_REQUESTS="3")
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        replies = [_get(sock, "/healthz") for _ in range(3)]
        assert [r.status for r in replies] == [200, 200, 200]
        assert [r.getheader("connection") for r in replies] == [None, None, "close"]
        assert sock.recv(1) == b""  # the server closed it: the client must reconnect
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        again = _get(sock, "/healthz")  # a new connection is counted afresh
        assert again.status == 200 and again.getheader("connection") is None


def test_without_a_limit_connections_stay_open(tmp_path: Path, start_server: StartServer) -> None:
    server = start_server(make_settings(tmp_path))
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        replies = [_get(sock, "/healthz") for _ in range(5)]
        assert all(r.status == 200 and r.getheader("connection") is None for r in replies)


def test_keepalive_requests_must_not_be_negative(tmp_path: Path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="KEEPALIVE_REQUESTS"):
        make_settings(tmp_path, KEEPALIVE_REQUESTS=-1)
