"""A loopback stand-in for Slack's Web API, Slack-style request signing, and a uvicorn runner.

Nothing here is imported by the package: the app only sees `SLACK_API_URL` pointing here.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import uvicorn

BOT_TOKEN = "xoxb-standin-token"
APP_TOKEN = "xapp-standin-token"
SIGNING_SECRET = "standin-signing-secret"
TEAM = "T0TEST"
BOT_USER = "UBOT"


@dataclass
class Call:
    """One request the app made to the stand-in."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class StandinSlack:
    """Records Web API calls and answers them the way Slack does (`{"ok": true, ...}`)."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    posted: set[tuple[str, str]] = field(default_factory=set)
    socket_url: str = ""  # what apps.connections.open hands out (Socket Mode)
    # Channels whose workspace offers chat.startStream; elsewhere Slack refuses it.
    streaming_channels: set[str] = field(default_factory=set)
    streams: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # conversations.info: channel id -> who created it (D... ids are DMs with that person).
    channel_creators: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str) -> str:
        return f"{self.url}/hooks/{name}"

    def of(
        self, method: str, where: Callable[[Call], bool] | None = None, **match: Any
    ) -> list[Call]:
        with self.lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and all(c.params.get(k) == v for k, v in match.items())
                and (where is None or where(c))
            ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 30.0,
        where: Callable[[Call], bool] | None = None,
        **match: Any,
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method, where, **match)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} x {method} {match}; saw {self.calls!r}")

    def answer(self, method: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method.startswith("hooks/"):
            return {"ok": True}
        if method == "apps.connections.open":
            if token != APP_TOKEN:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_url}
        if token != BOT_TOKEN:
            return {"ok": False, "error": "invalid_auth"}
        if error := _block_error(params.get("blocks")):
            return {"ok": False, "error": "invalid_blocks", "errors": [error]}
        channel = str(params.get("channel", ""))
        ts = f"1800000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://standin.slack.com/",
                "team": "Stand-in",
                "user": "review-assistant",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": "BBOT",
                "is_enterprise_install": False,
            }
        if method in {"chat.postMessage", "chat.update", "chat.postEphemeral"}:
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            if not params.get("text") and not params.get("blocks"):
                return {"ok": False, "error": "no_text"}
        if method == "chat.postMessage":
            self.posted.add((channel, ts))
            message = {
                "type": "message",
                "user": BOT_USER,
                "bot_id": "BBOT",
                "ts": ts,
                "text": params.get("text", ""),
            }
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.update":
            if (channel, params.get("ts")) not in self.posted:
                return {"ok": False, "error": "message_not_found"}
            return {"ok": True, "channel": channel, "ts": params["ts"], "text": params.get("text")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method.endswith("Stream"):
            return self._stream(method, channel, ts, params)
        if method == "reactions.add":
            return {"ok": True}
        if method == "conversations.info":
            return self._conversation_info(channel)
        if method == "views.open":
            if params.get("trigger_id") in (None, "", "expired"):
                return {"ok": False, "error": "expired_trigger_id"}
            return {"ok": True, "view": {**params["view"], "id": f"V{ts.replace('.', '')}"}}
        return {"ok": False, "error": "unknown_method"}

    def _conversation_info(self, channel: str) -> dict[str, Any]:
        person = self.channel_creators.get(channel)
        if person is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel.startswith("D"):
            return {"ok": True, "channel": {"id": channel, "is_im": True, "user": person}}
        return {"ok": True, "channel": {"id": channel, "is_channel": True, "creator": person}}

    def _stream(self, method: str, channel: str, ts: str, params: dict[str, Any]) -> dict[str, Any]:
        """chat.startStream / appendStream / stopStream as Slack answers them."""
        if method == "chat.startStream":
            if channel not in self.streaming_channels:
                return {"ok": False, "error": "feature_not_enabled"}
            if not params.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
            if channel.startswith("C") and not (
                params.get("recipient_user_id") and params.get("recipient_team_id")
            ):
                return {"ok": False, "error": "missing_recipient_user_id"}
            self.posted.add((channel, ts))
            self.streams[(channel, ts)] = {"text": params.get("markdown_text", ""), "open": True}
            return {"ok": True, "channel": channel, "ts": ts}
        stream = self.streams.get((channel, str(params.get("ts"))))
        if stream is None:
            return {"ok": False, "error": "message_not_found"}
        if not stream["open"]:
            return {"ok": False, "error": "message_not_in_streaming_state"}
        if method == "chat.appendStream":
            if not params.get("markdown_text"):
                return {"ok": False, "error": "no_text"}
            stream["text"] += params["markdown_text"]
            return {"ok": True, "channel": channel, "ts": params["ts"]}
        if method == "chat.stopStream":
            stream["text"] += params.get("markdown_text", "")
            stream["open"] = False
            return {"ok": True, "channel": channel, "ts": params["ts"]}
        return {"ok": False, "error": "unknown_method"}


def _block_error(blocks: Any) -> str | None:
    """Slack's own limits: 50 blocks a message, 3000 characters of text a section."""
    if blocks is None:
        return None
    if len(blocks) > 50:
        return "no more than 50 items allowed [json-pointer:/blocks]"
    for i, block in enumerate(blocks):
        if block.get("type") == "section" and len(block["text"]["text"]) > 3000:
            return f"must be less than 3001 characters [json-pointer:/blocks/{i}/text]"
    return None


def _params(handler: BaseHTTPRequestHandler, raw: bytes) -> dict[str, Any]:
    kind = handler.headers.get("Content-Type", "")
    if "json" in kind:
        params: dict[str, Any] = json.loads(raw or b"{}")
    else:
        params = dict(parse_qsl(raw.decode()))
    for name in ("blocks", "view"):
        if isinstance(params.get(name), str):
            params[name] = json.loads(params[name])
    return params


def start_standin() -> tuple[StandinSlack, ThreadingHTTPServer]:
    slack = StandinSlack()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            method = self.path.split("?")[0].removeprefix("/api/").lstrip("/")
            params = _params(self, raw)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ") if auth else None
            with slack.lock:
                slack.calls.append(Call(method, params, token))
                body = json.dumps(slack.answer(method, params, token)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    slack.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return slack, server


def sign(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Headers Slack sends: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class SlackSender:
    """Sends what Slack sends to `POST /slack/events`, signed unless told otherwise."""

    base_url: str
    client: httpx.Client

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        all_headers = {"Content-Type": content_type, **(sign(body) if signed else {})}
        all_headers.update(headers or {})
        return self.client.post(f"{self.base_url}/slack/events", content=body, headers=all_headers)

    def event(self, event: dict[str, Any], event_id: str, **kwargs: Any) -> httpx.Response:
        body = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event": event,
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
        return self.post(json.dumps(body).encode(), "application/json", **kwargs)

    def form(self, fields: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    def action(self, payload: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.form({"payload": json.dumps(payload)}, **kwargs)


def serve(app: Any) -> tuple[str, Callable[[], None]]:
    """Runs `app` on a real uvicorn server on a free loopback port; returns (url, stop)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()

    return f"http://127.0.0.1:{port}", stop


_message_ts = itertools.count(1)


def new_ts() -> str:
    """A fresh Slack message timestamp for a user's message."""
    return f"1700000000.{next(_message_ts):06d}"


def block_text(blocks: list[dict[str, Any]]) -> str:
    """All the text of a message's blocks, for assertions."""
    parts: list[str] = []
    for block in blocks:
        if block.get("type") == "section":
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            parts.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(parts)
