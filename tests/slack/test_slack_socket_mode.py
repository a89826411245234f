"""Socket Mode: the same bot over a WebSocket, against a loopback stand-in of Slack's socket."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from assistant.pipeline import Collaborators
from assistant.settings import Settings
from assistant.slack.cli import socket_mode_handler
from tests.conftest import make_settings
from tests.slack.standin import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER,
    TEAM,
    StandinSlack,
    block_text,
    new_ts,
    start_standin,
)

pytestmark = [pytest.mark.slack, pytest.mark.integration]


class SocketStandin:
    """Says hello, delivers queued envelopes and records the bot's acknowledgements."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.acks: list[dict[str, Any]] = []
        self.server: Server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        try:
            while True:
                try:
                    connection.send(json.dumps(self.outbox.get(timeout=0.05)))
                except queue.Empty:
                    pass
                try:
                    self.acks.append(json.loads(connection.recv(timeout=0.05)))
                except TimeoutError:
                    pass
        except ConnectionClosed:
            return


@pytest.fixture
def slack() -> Iterator[tuple[StandinSlack, SocketStandin]]:
    web, http_server = start_standin()
    socket = SocketStandin()
    web.socket_url = socket.url
    yield web, socket
    socket.server.shutdown()
    http_server.shutdown()
    http_server.server_close()


def test_socket_mode_answers_a_mention(
    slack: tuple[StandinSlack, SocketStandin], corpus_index: Settings, collab: Collaborators
) -> None:
    web, socket = slack
    settings = make_settings(
        corpus_index.data_dir,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=web.api_url,
    )
    handler = socket_mode_handler(settings, collab)
    ts = new_ts()
    event = {
        "type": "app_mention",
        "user": "USOCKET",
        "ts": ts,
        "channel": "CSOCKET",
        "text": f"<@{BOT_USER}> What does the review recommend about national targets?",
        "event_ts": ts,
    }
    socket.outbox.put(
        {
            "envelope_id": "env-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": {
                "team_id": TEAM,
                "type": "event_callback",
                "event": event,
                "event_id": "EvSocket1",
            },
        }
    )
    handler.connect()
    try:
        [post] = web.wait_for("chat.postMessage", channel="CSOCKET", thread_ts=ts)
    finally:
        handler.close()
    assert "fewer central targets" in block_text(post.params["blocks"]).lower()
    assert {"envelope_id": "env-1"} in [{"envelope_id": a.get("envelope_id")} for a in socket.acks]
    assert [c.method for c in web.calls][:2] == ["auth.test", "apps.connections.open"]
