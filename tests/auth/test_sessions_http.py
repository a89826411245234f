"""Server-side sessions, throttling, roles, API tokens and administrators' actions over a real
server with AUTH=on; the CLI changes the same database the server reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from assistant.auth import audit
from assistant.auth.users import add_user
from assistant.cli import app as cli
from assistant.db import make_engine
from assistant.settings import Settings, get_settings
from tests.conftest import LiveServer, StartServer

pytestmark = pytest.mark.integration
SECRET = "a-session-secret-of-at-least-32-bytes-for-tests"
PASSWORD = "correct horse battery"
ADMIN, MEMBER, VICTIM, LEAVER = (
    "admin@example.org",
    "member@example.org",
    "victim@example.org",
    "leaver@example.org",
)


@pytest.fixture(scope="module")
def site(
    corpus_index: Settings, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[LiveServer, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('sessions') / 'app.db'}"
    engine = make_engine(url)
    add_user(engine, ADMIN, "Admin", PASSWORD, admin=True)
    for email in (MEMBER, VICTIM, LEAVER):
        add_user(engine, email, email.split("@")[0].title(), PASSWORD)
    engine.dispose()
    server = start_server(corpus_index, AUTH="on", SESSION_SECRET=SECRET, DATABASE_URL=url)
    return server, url


@pytest.fixture
def cli_env(site: tuple[LiveServer, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("DATABASE_URL", site[1])
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def sign_in(server: LiveServer, email: str, password: str = PASSWORD) -> httpx.Response:
    client = httpx.Client(base_url=server.url, timeout=30)
    csrf = client.get("/api/auth/session").json()["csrf_token"]
    client.headers["X-CSRF-Token"] = csrf
    response = client.post("/api/auth/signin", json={"email": email, "password": password})
    client.close()
    return response


def session_client(server: LiveServer, email: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    csrf = client.get("/api/auth/session").json()["csrf_token"]
    client.headers["X-CSRF-Token"] = csrf
    response = client.post("/api/auth/signin", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def test_signing_out_ends_the_session_on_the_server(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    with closing(session_client(server, MEMBER)) as client:
        stolen = client.cookies["ra_session"]
        assert client.get("/api/conversations").status_code == 200
        assert client.post("/api/auth/signout").status_code == 204
    replay = httpx.get(f"{server.url}/api/conversations", cookies={"ra_session": stolen})
    assert replay.status_code == 401


def test_forged_or_unknown_session_cookies_are_refused(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    for cookie in ("x", "a" * 43, "eyJ1aWQiOiJ1c2VyIn0.forged"):
        response = httpx.get(f"{server.url}/api/conversations", cookies={"ra_session": cookie})
        assert response.status_code == 401


def test_the_throttle_trips_and_then_refuses_even_the_right_password(
    site: tuple[LiveServer, str],
) -> None:
    server, url = site
    email = "throttled@example.org"
    engine = make_engine(url)
    add_user(engine, email, "T", PASSWORD)
    statuses = [sign_in(server, email, "wrong password!").status_code for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] in (401, 429)
    refused = sign_in(server, email)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "try again" in refused.json()["detail"]
    events = [e.event for e in audit.recent(engine, 50) if e.subject == email]
    assert events.count(audit.SIGNIN_FAILED) >= 5 and audit.SIGNIN_THROTTLED in events
    assert audit.SIGNIN not in events
    engine.dispose()


def test_members_cannot_reach_admin_routes(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    with (
        closing(session_client(server, MEMBER)) as member,
        closing(session_client(server, ADMIN)) as admin,
    ):
        assert member.get("/api/admin/users").status_code == 403
        assert member.get("/api/admin/feedback").status_code == 403
        listed = admin.get("/api/admin/users")
        assert listed.status_code == 200
        roles = {u["email"]: u["role"] for u in listed.json()}
        assert roles[ADMIN] == "admin" and roles[MEMBER] == "member"
        assert member.get("/api/auth/session").json()["role"] == "member"


def test_feedback_export_is_admin_only_and_formula_safe(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    with (
        closing(session_client(server, MEMBER)) as member,
        closing(session_client(server, ADMIN)) as admin,
    ):
        reply = member.post("/api/chat", json={"message": "=cmd|' /C calc'!A0 What are ICSs?"})
        assert reply.status_code == 200
        message_id = reply.json()["message_id"]
        first = {"message_id": message_id, "rating": "down", "comment": '=HYPERLINK("x")'}
        assert member.post("/api/feedback", json=first).status_code == 201
        again = {"message_id": message_id, "rating": "up"}
        assert member.post("/api/feedback", json=again).status_code == 201
        export = admin.get("/api/admin/feedback", params={"format": "csv"})
        assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    rows = [r for r in csv.DictReader(io.StringIO(export.text)) if r["message_id"] == message_id]
    assert len(rows) == 1  # one per user and answer; the second vote updated the first
    (row,) = rows
    assert row["rating"] == "up" and row["comment"].startswith("'=")
    assert row["question"].startswith("'=")
    assert not any(value.startswith(("=", "+", "@")) for value in row.values())


def test_api_tokens_work_until_revoked(site: tuple[LiveServer, str], cli_env: CliRunner) -> None:
    server, _ = site
    created = cli_env.invoke(cli, ["tokens", "create", MEMBER, "--name", "reporting"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("ra_")
    bearer = {"Authorization": f"Bearer {token}"}
    reply = httpx.post(f"{server.url}/api/chat", json={"message": "What is an ICS?"},
                       headers=bearer, timeout=60)  # fmt: skip
    assert reply.status_code == 200  # no cookie, no CSRF token: a programmatic client
    listed = cli_env.invoke(cli, ["tokens", "list"])
    token_id = next(
        line.split("\t")[0] for line in listed.stdout.splitlines() if "reporting" in line
    )
    assert token not in listed.stdout  # shown once, stored hashed
    assert cli_env.invoke(cli, ["tokens", "revoke", token_id]).exit_code == 0
    after = httpx.get(f"{server.url}/api/conversations", headers=bearer)
    assert after.status_code == 401
    wrong = httpx.get(f"{server.url}/api/conversations", headers={"Authorization": "Bearer ra_x"})
    assert wrong.status_code == 401


def test_disabling_resetting_and_deleting_users_end_their_sessions(
    site: tuple[LiveServer, str], cli_env: CliRunner
) -> None:
    server, url = site
    victim = session_client(server, VICTIM)
    assert victim.get("/api/conversations").status_code == 200
    assert cli_env.invoke(cli, ["users", "disable", VICTIM]).exit_code == 0
    assert victim.get("/api/conversations").status_code == 401
    assert sign_in(server, VICTIM).status_code == 401
    assert cli_env.invoke(cli, ["users", "enable", VICTIM]).exit_code == 0
    victim.close()
    victim = session_client(server, VICTIM)
    reset = cli_env.invoke(
        cli, ["users", "reset-password", VICTIM, "--password-stdin"], input="a brand new password\n"
    )
    assert reset.exit_code == 0, reset.output
    assert victim.get("/api/conversations").status_code == 401
    assert sign_in(server, VICTIM).status_code == 401
    assert sign_in(server, VICTIM, "a brand new password").status_code == 200
    victim.close()
    leaver = session_client(server, LEAVER)
    cid = leaver.post("/api/chat", json={"message": "What is an ICS?"}).json()["conversation_id"]
    assert cli_env.invoke(cli, ["users", "delete", LEAVER, "--yes"]).exit_code == 0
    assert leaver.get(f"/api/conversations/{cid}").status_code == 401
    leaver.close()
    engine = make_engine(url)
    with engine.connect() as connection:
        left = connection.execute(
            text("SELECT COUNT(*) FROM conversations WHERE id = :c"), {"c": cid}
        )
        assert left.scalar() == 0  # the leaver's conversations went with them
    events = {(e.event, e.subject) for e in audit.recent(engine, 200)}
    assert {
        ("user_disabled", VICTIM),
        ("password_reset", VICTIM),
        ("user_deleted", LEAVER),
    } <= events
    engine.dispose()
    logged = cli_env.invoke(cli, ["users", "audit", "--limit", "200"])
    assert "user_deleted" in logged.stdout


def test_changing_ones_password_ends_other_sessions(site: tuple[LiveServer, str]) -> None:
    server, _ = site
    email = ADMIN
    other = session_client(server, email)
    with closing(session_client(server, email)) as me:
        changed = me.post(
            "/api/auth/password",
            json={"current_password": PASSWORD, "new_password": "another long password"},
        )
        assert changed.status_code == 200, changed.text
        me.headers["X-CSRF-Token"] = changed.json()["csrf_token"]
        assert me.get("/api/conversations").status_code == 200  # this browser stays signed in
        assert other.get("/api/conversations").status_code == 401
        back = me.post(
            "/api/auth/password",
            json={"current_password": "another long password", "new_password": PASSWORD},
        )
        assert back.status_code == 200
    other.close()


def test_a_short_session_secret_is_refused(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATA_DIR": str(tmp_path), "AUTH": "on", "SESSION_SECRET": "short"}
    result = subprocess.run([sys.executable, "-m", "assistant", "serve"], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1 and "at least 32 bytes" in result.stderr
