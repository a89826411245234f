"""The workers' own SO_REUSEPORT sockets: the supervisor's reservation holds the port without
taking connections, and each worker that unpickles it gets a separate socket the kernel feeds."""

from __future__ import annotations

import io
import socket
import sys
from multiprocessing.reduction import ForkingPickler

import pytest

from assistant.worker_sockets import PortReservation, reserve_port

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT")
CONNECTIONS = 64


def as_worker_receives(reservation: PortReservation) -> socket.socket:
    """What a worker spawned by uvicorn's supervisor gets for the reservation (its pickle)."""
    buffer = io.BytesIO()
    ForkingPickler(buffer).dump(reservation)
    received = ForkingPickler.loads(buffer.getvalue())
    assert isinstance(received, socket.socket)
    return received


def test_a_reservation_holds_the_port_and_takes_no_connection() -> None:
    with reserve_port("127.0.0.1", 0) as reservation:
        port = reservation.getsockname()[1]
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))  # a socket that did not ask to share is kept out
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5)


def test_a_taken_port_fails_before_any_worker_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            reserve_port("127.0.0.1", taken.getsockname()[1])


def test_a_port_another_server_shares_is_refused_too() -> None:
    with socket.socket() as other:  # another `serve` of the same user, already listening
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        with pytest.raises(OSError, match="another server"):
            reserve_port("0.0.0.0", other.getsockname()[1])


def test_each_worker_gets_its_own_socket_and_a_share_of_a_burst() -> None:
    with reserve_port("127.0.0.1", 0) as reservation:
        workers = [as_worker_receives(reservation) for _ in range(2)]
        try:
            assert all(type(w) is socket.socket for w in workers)
            assert {w.getsockname() for w in workers} == {reservation.getsockname()}
            for worker in workers:
                worker.listen(CONNECTIONS)
            clients = [
                socket.create_connection(reservation.getsockname(), timeout=5)
                for _ in range(CONNECTIONS)
            ]
            queued = [_drain(worker) for worker in workers]  # nobody accepted during the burst
            for client in clients:
                client.close()
        finally:
            for worker in workers:
                worker.close()
    assert sum(queued) == CONNECTIONS
    # The kernel picks a socket by a hash of each connection's addresses: a binomial split, so
    # each of two sockets gets at least a quarter of 64 but for odds of about 2 in 100,000.
    assert min(queued) >= CONNECTIONS // 4, queued


def _drain(listener: socket.socket) -> int:
    """Accept every connection waiting on `listener`; how many there were."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _ = listener.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1
