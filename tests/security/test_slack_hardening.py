"""Slack: text from documents cannot form links, mentions or pings, and a replayed slash
command or button click (same trigger) is handled once, over the real endpoint."""

from __future__ import annotations

import time

import httpx
import pytest

from assistant.schemas import ChatResponse, Citation
from assistant.slack.blocks import render_response
from assistant.slack.mrkdwn import escape, to_mrkdwn
from tests.slack.conftest import SlackService, service, standin, start_service  # noqa: F401
from tests.slack.standin import TEAM

HOSTILE = (
    "See <https://evil.example|the review> or https://evil.example and www.evil.example <!here>"
)


def test_document_text_cannot_form_links_or_pings() -> None:
    shown = escape(HOSTILE)
    assert "<" not in shown and ">" not in shown
    assert "https://" not in shown and "www.evil" not in shown
    assert "evil.example" in shown  # still readable
    marked = to_mrkdwn("A [link](https://evil.example/x) in an answer [1].", lambda n: None)
    assert "<https://evil" not in marked and "https://" not in marked


def test_rendered_answers_escape_quotes_titles_and_answer_text() -> None:
    citation = Citation(
        n=1, doc_id="d", title="<!channel> Title https://evil.example", publisher="P",
        date="2023", section="<@U123>", quote=HOSTILE, chunk_id="c", start=0, end=5,
    )  # fmt: skip
    response = ChatResponse(
        conversation_id="c", message_id="m", answer=f"{HOSTILE} [1]", citations=[citation],
        refused=False, mode="extractive",
    )  # fmt: skip
    for message in render_response(response, public_base_url="https://ours.example.org"):
        everything = message.text + str(message.blocks)
        assert "<!here>" not in everything and "<!channel>" not in everything
        assert "<@U123>" not in everything and "<https://evil" not in everything
        assert "https://evil" not in everything
        assert "https://ours.example.org/?doc=d#0-5" in str(message.blocks)  # our own link stays


def _command(service: SlackService, trigger: str, hook: str) -> httpx.Response:  # noqa: F811
    return service.sender.form(
        {
            "token": "legacy", "team_id": TEAM, "team_domain": "standin", "channel_id": "CREPLAY",
            "channel_name": "general", "user_id": "UREPLAY", "user_name": "someone",
            "command": "/review-assistant", "text": "What is an integrated care board?",
            "api_app_id": "A0APP", "response_url": service.standin.hook_url(hook),
            "trigger_id": trigger,
        }
    )  # fmt: skip


@pytest.mark.slack
@pytest.mark.integration
def test_a_replayed_slash_command_is_answered_once(service: SlackService) -> None:  # noqa: F811
    trigger = f"replay.{time.time_ns()}"
    first = _command(service, trigger, "replay-1")
    assert first.status_code == 200 and "Looking through" in first.json()["text"]
    again = _command(service, trigger, "replay-1")
    assert again.status_code == 200 and again.text == ""  # acknowledged, not handled again
    answers = service.standin.wait_for("hooks/replay-1")
    assert len(answers) == 1
    fresh = _command(service, f"replay.{time.time_ns()}", "replay-2")
    assert "Looking through" in fresh.json()["text"]
    service.standin.wait_for("hooks/replay-2")
    assert len(service.standin.of("hooks/replay-1")) == 1
