"""One listening socket per worker, joined by SO_REUSEPORT, so that Linux spreads new connections
over the workers (by a hash of each connection's addresses).

With one socket shared by every worker, the worker whose event loop wakes first accepts the whole
burst that is pending (asyncio and libuv both accept until the queue is empty), and a kept-alive
connection stays with the worker that accepted it: one worker ended up answering two connections
in three. uvicorn's supervisor hands each worker it spawns (at start, on restart, on SIGHUP/TTIN)
the sockets it was given, pickled; the supervisor's socket below only reserves the port and,
pickled, becomes a socket of the worker's own bound to the same address.
"""

from __future__ import annotations

import errno
import socket
import sys
from typing import Any

# Linux only: the BSDs' and macOS's SO_REUSEPORT does not spread connections; there the workers
# share one socket as uvicorn does.
REUSE_PORT = getattr(socket, "SO_REUSEPORT", None) if sys.platform.startswith("linux") else None
ANY_ADDRESS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}


def _bound_socket(family: int, address: Any, cls: type[socket.socket]) -> socket.socket:
    sock = cls(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, REUSE_PORT, 1)  # type: ignore[arg-type]
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def worker_socket(family: int, address: Any) -> socket.socket:
    """A worker's own socket, bound but not listening: uvicorn listens on it once the worker's
    app has started, so a worker still loading its models is handed no connection."""
    return _bound_socket(family, address, socket.socket)


class PortReservation(socket.socket):
    """The supervisor's socket: bound with SO_REUSEPORT and never listening, so the kernel hands
    it no connection; it holds the port while workers come and go, and a taken port fails here,
    before any worker starts."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (worker_socket, (self.family, self.getsockname()))


def reserve_port(host: str, port: int) -> PortReservation:
    """Bind `host`:`port` (0: a free port, which every worker then shares) for the workers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = _bound_socket(family, (host, port), PortReservation)
    assert isinstance(sock, PortReservation)
    if _answered(ANY_ADDRESS.get(host, host), sock.getsockname()[1]):
        sock.close()  # another server of this user shares the port: it would get half the traffic
        raise OSError(errno.EADDRINUSE, "another server already listens on this port")
    return sock


def _answered(host: str, port: int) -> bool:
    """Whether something listens at `host`:`port` (the reservation itself does not)."""
    try:
        socket.create_connection((host, port), timeout=5).close()
    except OSError:
        return False
    return True
