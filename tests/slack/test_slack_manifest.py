"""The Slack app manifest asks for what the code uses, and points at the route the app serves."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from assistant.settings import PROJECT_ROOT
from assistant.slack.bolt_app import COMMAND
from assistant.slack.http import SLACK_PATH

pytestmark = pytest.mark.slack


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "slack" / "manifest.yaml").read_text())
    return data


def test_events_and_scopes_match_the_listeners(manifest: dict[str, Any]) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "message.groups"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {
        "app_mentions:read",
        "im:history",
        "channels:history",
        "groups:history",
        "chat:write",
        "reactions:write",
        "commands",
    }
    assert needed <= scopes
    for event in events - {"app_mention"}:  # message.X needs X:history
        assert f"{event.removeprefix('message.')}:history" in scopes


def test_every_endpoint_is_the_one_route(manifest: dict[str, Any]) -> None:
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = [
        command["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.startswith("https://") and url.endswith(SLACK_PATH) for url in urls)
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
