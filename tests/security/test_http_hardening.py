"""Input and output hardening over a real server: body cap while streaming, allowed hosts,
security headers, cleaned text fields, Swagger UI from the package, no paths in responses,
and the sign-in guard decided on the address a request actually arrived on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import LiveServer, StartServer, free_port

pytestmark = pytest.mark.integration


def test_security_headers_on_every_response(server: LiveServer) -> None:
    for path in ("/", "/healthz", "/api/conversations", "/api/nowhere", "/docs"):
        headers = httpx.get(f"{server.url}{path}").headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_the_web_page_has_no_inline_script(server: LiveServer) -> None:
    page = httpx.get(f"{server.url}/").text
    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening and tag.split(">", 1)[1].startswith("</script")


def test_swagger_ui_comes_from_the_package(server: LiveServer) -> None:
    page = httpx.get(f"{server.url}/docs").text
    assert "cdn" not in page.lower() and "http" not in page.split("<body>")[1]
    for src in ("/vendor/swagger-ui/swagger-ui-bundle.js", "/docs/init.js"):
        assert f'src="{src}"' in page
        asset = httpx.get(f"{server.url}{src}")
        assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert httpx.get(f"{server.url}/vendor/swagger-ui/swagger-ui.css").status_code == 200
    assert httpx.get(f"{server.url}/redoc").status_code == 404  # its page would use a CDN


def test_a_large_declared_body_is_refused_before_it_is_read(server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(
            b"POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 160000000\r\n\r\n{"message": "'
        )
        sock.settimeout(30)
        reply = b""
        while b"too_large" not in reply and (part := sock.recv(4096)):
            reply += part  # the refusal arrives without the body being sent or read
    assert reply.startswith(b"HTTP/1.1 413") and b"too_large" in reply


def _chunks() -> Iterator[bytes]:
    yield b'{"message": "'
    for _ in range(400):  # 400 x 8 KB: far over the 1 MB cap, never declared
        yield b"a" * 8192
    yield b'"}'


@pytest.mark.parametrize("path", ["/api/chat", "/api/search"])
def test_a_chunked_body_is_cut_off_at_the_cap(server: LiveServer, path: str) -> None:
    response = httpx.post(f"{server.url}{path}", content=_chunks(), timeout=60,
                          headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_an_unsigned_chunked_slack_body_is_cut_off_at_the_cap(
    corpus_index: Settings, start_server: StartServer
) -> None:
    slack = start_server(corpus_index, SLACK_BOT_TOKEN="xoxb-not-used",
                         SLACK_SIGNING_SECRET="not-a-real-signing-secret")  # fmt: skip
    response = httpx.post(f"{slack.url}/slack/events", content=_chunks(), timeout=60,
                          headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 413
    small = httpx.post(f"{slack.url}/slack/events", content=b"{}", timeout=60)
    assert small.status_code == 401  # within the cap: refused for its missing signature


def test_unknown_host_names_are_refused(server: LiveServer) -> None:
    rebinding = httpx.get(f"{server.url}/api/conversations", headers={"Host": "evil.example"})
    assert rebinding.status_code == 400 and rebinding.json()["error"] == "bad_host"
    assert httpx.get(f"{server.url}/healthz", headers={"Host": "localhost:1"}).status_code == 200


@pytest.mark.parametrize(
    "field, body",
    [
        ("message", {"message": "What are \x00ICSs?\u202e\U000e0041"}),
        ("query", {"query": "integrated\x00 care\u2066 systems"}),
    ],
)
def test_control_bidi_and_tag_characters_are_removed(
    server: LiveServer, field: str, body: dict[str, str]
) -> None:
    path = "/api/chat" if field == "message" else "/api/search"
    response = httpx.post(f"{server.url}{path}", json=body, timeout=60)
    assert response.status_code == 200, response.text
    if field == "message":
        stored = httpx.get(
            f"{server.url}/api/conversations/{response.json()['conversation_id']}"
        ).json()
        assert stored["messages"][0]["content"] == "What are ICSs?"
        assert stored["title"] == "What are ICSs?"
    else:
        assert response.json()["query"] == "integrated care systems"


def test_text_that_is_only_control_characters_is_a_clear_422(server: LiveServer) -> None:
    response = httpx.post(f"{server.url}/api/chat", json={"message": "\x00\x01\u202e"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"
    bad_id = httpx.get(f"{server.url}/api/conversations/a%00b")
    assert bad_id.status_code == 422


def test_readyz_shows_no_filesystem_paths(server: LiveServer) -> None:
    body = httpx.get(f"{server.url}/readyz").text
    assert "/tmp" not in body and str(PROJECT_ROOT) not in body


def _machine_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.254", 9))  # no packet is sent: picks the outgoing address
        except OSError:
            return None
        address = str(sock.getsockname()[0])
    return None if address.startswith("127.") else address


def test_sign_in_guard_follows_the_socket_the_request_arrived_on(
    corpus_index: Settings, tmp_path: Path
) -> None:
    """Started by uvicorn directly on every address with the defaults (AUTH=auto, HOST unset):
    requests arriving on a non-loopback address need sign-in, loopback ones do not."""
    address = _machine_address()
    assert address is not None, "this test needs a non-loopback address on the machine"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "SLACK_", "AUTH"))}
    env.update(DATA_DIR=str(corpus_index.data_dir), ALLOWED_HOSTS="*",
               DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}")  # fmt: skip
    env.pop("SESSION_SECRET", None)
    env.pop("HOST", None)
    log = (tmp_path / "uvicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "assistant.app:create_app",
         "--host", "0.0.0.0", "--port", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        remote = httpx.get(f"http://{address}:{port}/api/conversations", timeout=30)
        assert remote.status_code == 503 and "SESSION_SECRET" in remote.json()["detail"]
        local = httpx.get(f"http://127.0.0.1:{port}/api/conversations", timeout=30)
        assert local.status_code == 200
    finally:
        process.terminate()
        process.wait(30)
        log.close()
