"""The sign-in throttle behind a reverse proxy, over real servers with AUTH=on.

With FORWARDED_ALLOW_IPS naming the proxy (here loopback, where the tests connect from), the
throttle and the audit log key on the client the proxy saw; without it, X-Forwarded-For is
ignored and the socket peer is the client, so a forged header cannot escape the throttle.
"""

from __future__ import annotations

import httpx
import pytest

from assistant.auth import audit
from assistant.auth.sessions import CSRF_COOKIE
from assistant.auth.users import add_user
from assistant.db import make_engine
from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer

pytestmark = pytest.mark.integration
SECRET = "a-session-secret-of-at-least-32-bytes-for-tests"
PASSWORD = "correct horse battery"
MEMBER = "member@example.org"
SEEDED_FAILURES = 30  # beyond the free failures per address: the back-off is at its cap


def _site(
    corpus_index: Settings,
    start_server: StartServer,
    tmp_path_factory: pytest.TempPathFactory,
    **env: str,
) -> tuple[LiveServer, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('proxy') / 'app.db'}"
    engine = make_engine(url)
    add_user(engine, MEMBER, "Member", PASSWORD)
    engine.dispose()
    server = start_server(corpus_index, AUTH="on", SESSION_SECRET=SECRET, DATABASE_URL=url, **env)
    return server, url


@pytest.fixture(scope="module")
def behind_proxy(
    corpus_index: Settings, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LiveServer, str]:
    return _site(corpus_index, start_server, tmp_path_factory, FORWARDED_ALLOW_IPS="127.0.0.1")


@pytest.fixture(scope="module")
def direct(
    corpus_index: Settings, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LiveServer, str]:
    return _site(corpus_index, start_server, tmp_path_factory)


def sign_in(
    server: LiveServer, forwarded_for: str, password: str = PASSWORD, proto: str | None = None
) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for}
    if proto:
        headers["X-Forwarded-Proto"] = proto
    with httpx.Client(base_url=server.url, timeout=60, headers=headers) as client:
        token = client.get("/api/auth/session").json()["csrf_token"]
        # sent by hand: a Secure cookie (https at the proxy) is not sent back over plain http
        client.headers.update({"X-CSRF-Token": token, "Cookie": f"{CSRF_COOKIE}={token}"})
        client.cookies.clear()
        return client.post("/api/auth/signin", json={"email": MEMBER, "password": password})


def seed_failures(url: str, ip: str) -> None:
    """Failed sign-ins from one address, for other accounts (the account throttle stays off)."""
    engine = make_engine(url)
    for i in range(SEEDED_FAILURES):
        audit.record(engine, audit.SIGNIN_FAILED, subject=f"guess{i}@example.org", ip=ip)
    engine.dispose()


def last_failure_ip(url: str) -> str | None:
    engine = make_engine(url)
    events = [e for e in audit.recent(engine) if e.event == audit.SIGNIN_FAILED]
    engine.dispose()
    return events[0].ip


def test_behind_a_trusted_proxy_the_throttle_keys_on_the_real_client(
    behind_proxy: tuple[LiveServer, str],
) -> None:
    server, url = behind_proxy
    assert sign_in(server, "203.0.113.9", password="wrong password").status_code == 401
    assert last_failure_ip(url) == "203.0.113.9"  # audited with the client's address

    seed_failures(url, "203.0.113.7")
    throttled = sign_in(server, "203.0.113.7")
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    # a client that forges its own X-Forwarded-For: the proxy appends the address it saw
    forged = sign_in(server, "198.51.100.1, 203.0.113.7")
    assert forged.status_code == 429
    # other people behind the same proxy are not throttled by that client's failures
    other = sign_in(server, "203.0.113.8", proto="https")
    assert other.status_code == 200 and other.json()["signed_in"] is True
    assert "secure" in other.headers["set-cookie"].lower()  # the proxy's scheme is believed


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(
    direct: tuple[LiveServer, str],
) -> None:
    server, url = direct
    assert sign_in(server, "203.0.113.9", password="wrong password").status_code == 401
    assert last_failure_ip(url) == "127.0.0.1"  # the socket peer, not the header

    seed_failures(url, "203.0.113.7")
    fine = sign_in(server, "203.0.113.7", proto="https")  # that address's failures: not ours
    assert fine.status_code == 200
    assert "secure" not in fine.headers["set-cookie"].lower()  # the forged scheme is ignored

    seed_failures(url, "127.0.0.1")
    for forged in ("203.0.113.8", "198.51.100.1, 203.0.113.8"):  # a fresh address each time
        throttled = sign_in(server, forged)
        assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
