"""`review-assistant slack manifest|check|socket`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import get_settings
from tests.slack.standin import BOT_TOKEN, StandinSlack, start_standin

pytestmark = pytest.mark.slack

runner = CliRunner()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Iterator[pytest.MonkeyPatch]:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


@pytest.fixture
def standin() -> Iterator[StandinSlack]:
    slack, server = start_standin()
    yield slack
    server.shutdown()
    server.server_close()


def test_manifest_fills_in_the_public_url(env: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["slack", "manifest", "https://ra.nhs.example/"])
    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load(result.output)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == (
        "https://ra.nhs.example/slack/events"
    )
    assert "example.org" not in result.output


def test_manifest_for_socket_mode_has_no_urls(env: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["slack", "manifest", "--socket-mode"])
    manifest = yaml.safe_load(result.output)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]


def test_manifest_needs_an_https_url(env: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["slack", "manifest", "http://insecure.example"])
    assert result.exit_code == 2


def test_check_asks_slack_who_the_bot_is(env: pytest.MonkeyPatch, standin: StandinSlack) -> None:
    env.setenv("SLACK_API_URL", standin.api_url)
    env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    get_settings.cache_clear()
    result = runner.invoke(app, ["slack", "check"])
    assert result.exit_code == 0, result.output
    assert "OK: bot user UBOT" in result.output
    assert [c.method for c in standin.calls] == ["auth.test"]

    env.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    get_settings.cache_clear()
    result = runner.invoke(app, ["slack", "check"])
    assert result.exit_code == 1 and "invalid_auth" in result.output


def test_socket_mode_needs_both_tokens(env: pytest.MonkeyPatch) -> None:
    env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    get_settings.cache_clear()
    result = runner.invoke(app, ["slack", "socket"])
    assert result.exit_code == 2 and "SLACK_APP_TOKEN" in result.output
