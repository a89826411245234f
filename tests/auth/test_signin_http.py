"""Sign-in, sessions, CSRF and ownership over a real server with AUTH=on."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.auth.users import UserError, add_user, authenticate
from assistant.db import make_engine
from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer

pytestmark = pytest.mark.integration
SECRET = "test-session-secret-not-for-production"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def auth_server(
    corpus_index: Settings, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LiveServer, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('auth') / 'app.db'}"
    engine = make_engine(url)
    add_user(engine, "ada@example.nhs.uk", "Ada", PASSWORD)
    add_user(engine, "bob@example.nhs.uk", "Bob", PASSWORD)
    engine.dispose()
    server = start_server(corpus_index, AUTH="on", SESSION_SECRET=SECRET, DATABASE_URL=url)
    return server, url


@pytest.fixture
def clients() -> Iterator[list[httpx.Client]]:
    made: list[httpx.Client] = []
    yield made
    for client in made:
        client.close()


def client_for(server: LiveServer, clients: list[httpx.Client]) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    clients.append(client)
    return client


def signed_in(server: LiveServer, email: str, clients: list[httpx.Client]) -> httpx.Client:
    client = client_for(server, clients)
    csrf = client.get("/api/auth/session").json()["csrf_token"]
    response = client.post(
        "/api/auth/signin",
        json={"email": email, "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def test_api_needs_a_session(auth_server: tuple[LiveServer, str]) -> None:
    server, _ = auth_server
    response = httpx.get(f"{server.url}/api/conversations")
    assert response.status_code == 401 and "sign in" in response.json()["detail"]
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    assert httpx.get(f"{server.url}/").status_code == 200  # the page itself shows the sign-in


def test_wrong_password_and_csrf(
    auth_server: tuple[LiveServer, str], clients: list[httpx.Client]
) -> None:
    server, _ = auth_server
    client = client_for(server, clients)
    csrf = client.get("/api/auth/session").json()["csrf_token"]
    no_token = client.post(
        "/api/auth/signin", json={"email": "ada@example.nhs.uk", "password": "x"}
    )
    assert no_token.status_code == 403
    wrong = client.post(
        "/api/auth/signin",
        json={"email": "ada@example.nhs.uk", "password": "wrong password!"},
        headers={"X-CSRF-Token": csrf},
    )
    assert wrong.status_code == 401 and "wrong" in wrong.json()["detail"]


def test_session_cookie_flags_and_sign_out(
    auth_server: tuple[LiveServer, str], clients: list[httpx.Client]
) -> None:
    server, _ = auth_server
    client = client_for(server, clients)
    csrf = client.get("/api/auth/session").json()["csrf_token"]
    response = client.post(
        "/api/auth/signin",
        json={"email": "ADA@example.nhs.uk", "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
    )
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("ra_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert client.get("/api/auth/session").json()["name"] == "Ada"
    headers = {"X-CSRF-Token": response.json()["csrf_token"]}
    assert client.post("/api/chat", json={"message": "What are HARPs?"}).status_code == 403
    assert client.post("/api/auth/signout", headers=headers).status_code == 204
    assert client.get("/api/conversations").status_code == 401


def test_conversations_belong_to_their_user(
    auth_server: tuple[LiveServer, str], clients: list[httpx.Client]
) -> None:
    server, _ = auth_server
    ada = signed_in(server, "ada@example.nhs.uk", clients)
    bob = signed_in(server, "bob@example.nhs.uk", clients)
    answer = ada.post("/api/chat", json={"message": "What are HARPs?"}).json()
    cid = answer["conversation_id"]
    assert ada.get(f"/api/conversations/{cid}").status_code == 200
    assert bob.get(f"/api/conversations/{cid}").status_code == 404
    assert (
        bob.post("/api/chat", json={"message": "more?", "conversation_id": cid}).status_code == 404
    )
    assert bob.delete(f"/api/conversations/{cid}").status_code == 404
    assert all(c["conversation_id"] != cid for c in bob.get("/api/conversations").json())
    feedback = {"message_id": answer["message_id"], "rating": "up"}
    assert bob.post("/api/feedback", json=feedback).status_code == 404
    assert ada.post("/api/feedback", json=feedback).status_code == 201


def _serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "assistant", "serve"], env=environ, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_refuses_to_serve_unprotected_beyond_loopback(tmp_path: Path) -> None:
    result = _serve(tmp_path, HOST="0.0.0.0", AUTH="off")
    assert result.returncode == 1 and "refusing to serve on 0.0.0.0" in result.stderr
    no_secret = _serve(tmp_path, HOST="0.0.0.0", AUTH="auto")
    assert no_secret.returncode == 1 and "SESSION_SECRET" in no_secret.stderr
    assert not (tmp_path / "index").exists()  # refused before ingesting anything


def test_users_are_validated_and_passwords_hashed(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'u.db'}")
    add_user(engine, "c@example.nhs.uk", "C", PASSWORD)
    with pytest.raises(UserError, match="already exists"):
        add_user(engine, "C@example.nhs.uk", "C", PASSWORD)
    with pytest.raises(UserError, match="at least"):
        add_user(engine, "d@example.nhs.uk", "D", "short")
    user = authenticate(engine, "c@example.nhs.uk", PASSWORD)
    assert user is not None and user.password_hash.startswith("$argon2")
    assert authenticate(engine, "c@example.nhs.uk", "not the password") is None
    assert authenticate(engine, "nobody@example.nhs.uk", PASSWORD) is None
    engine.dispose()
