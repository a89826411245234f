"""Request signing: forged, stale, tampered and unsigned requests get 401 and change nothing."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import text

from assistant.app import create_app
from assistant.settings import Settings
from tests.conftest import free_port, make_settings
from tests.slack.conftest import SlackService, StartService
from tests.slack.standin import BOT_USER, TEAM, new_ts, sign

pytestmark = [pytest.mark.slack, pytest.mark.integration]


def event_body(channel: str, event_id: str) -> bytes:
    ts = new_ts()
    event = {
        "type": "app_mention",
        "user": "UFORGER",
        "text": f"<@{BOT_USER}> What is an ICB?",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    body = {"team_id": TEAM, "type": "event_callback", "event": event, "event_id": event_id}
    return json.dumps(body).encode()


def test_url_verification_echoes_the_challenge(service: SlackService) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}).encode()
    response = service.sender.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}


def test_bad_signatures_are_rejected_and_nothing_happens(service: SlackService) -> None:
    sender = service.sender
    forged = event_body("CFORGED", "EvForged1")
    responses = {
        "wrong secret": sender.post(
            forged,
            "application/json",
            headers=sign(forged, secret="not-the-secret"),
        ),
        "stale": sender.post(
            forged,
            "application/json",
            headers=sign(forged, int(time.time()) - 6 * 60),
        ),
        "from the future": sender.post(
            forged,
            "application/json",
            headers=sign(forged, int(time.time()) + 6 * 60),
        ),
        "tampered": sender.post(
            forged.replace(b"What is an ICB", b"Post my spam"),
            "application/json",
            headers=sign(forged),
        ),
        "unsigned": sender.post(forged, "application/json", signed=False),
        "garbage": sender.post(
            forged,
            "application/json",
            headers={"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=zz"},
        ),
    }
    challenge = json.dumps({"type": "url_verification", "challenge": "c"}).encode()
    responses["unsigned challenge"] = sender.post(challenge, "application/json", signed=False)
    command = b"command=%2Freview-assistant&text=hi&user_id=UFORGER&team_id=" + TEAM.encode()
    responses["forged command"] = sender.post(
        command,
        "application/x-www-form-urlencoded",
        headers=sign(command, secret="nope"),
    )
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 401)
    assert all("challenge" not in r.text for r in responses.values())

    time.sleep(1.5)
    assert not service.standin.of("reactions.add", channel="CFORGED")
    assert not service.standin.of("chat.postMessage", channel="CFORGED")
    assert not [c for c in service.standin.calls if c.params.get("user") == "UFORGER"]
    with service.collab.conversations.engine.connect() as db:
        assert not db.execute(text("SELECT 1 FROM slack_seen WHERE key LIKE '%Forged%'")).all()

    # The same request, correctly signed and fresh, is accepted: the 401s were about the signature.
    assert sender.post(forged, "application/json").status_code == 200
    service.standin.wait_for("chat.postMessage", channel="CFORGED")


def test_without_slack_settings_there_is_no_slack_route(corpus_index: Settings) -> None:
    app = create_app(make_settings(corpus_index.data_dir, corpus_index.corpus_dir))
    assert "/slack/events" not in {getattr(route, "path", None) for route in app.routes}
    half = make_settings(corpus_index.data_dir, SLACK_BOT_TOKEN="xoxb-only-a-token")
    assert "/slack/events" not in {getattr(r, "path", None) for r in create_app(half).routes}


def test_service_starts_while_slack_is_unreachable(start_service: StartService) -> None:
    service = start_service(SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")
    assert service.sender.client.get(f"{service.sender.base_url}/healthz").status_code == 200
    body = json.dumps({"type": "url_verification", "challenge": "c"}).encode()
    response = service.sender.post(body, "application/json")
    assert response.status_code == 503  # auth.test failed; Slack retries later
    assert service.sender.post(body, "application/json", signed=False).status_code == 401
