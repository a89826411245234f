"""The slash command, "Share in channel", and the 👍/👎 buttons, over the real endpoint."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from assistant.feedback import export_feedback
from tests.slack.conftest import SlackService
from tests.slack.standin import BOT_USER, TEAM, block_text, new_ts

pytestmark = [pytest.mark.slack, pytest.mark.integration]

QUESTION = "What does the Hewitt review recommend about national targets?"


def command(service: SlackService, text: str, user: str, hook: str) -> Any:
    return service.sender.form(
        {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "standin",
            "channel_id": "CCMD",
            "channel_name": "general",
            "user_id": user,
            "user_name": "someone",
            "command": "/review-assistant",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": service.standin.hook_url(hook),
            "trigger_id": f"1.2.{time.time_ns()}",  # unique per interaction, as Slack's
        }
    )


def click(service: SlackService, action_id: str, value: str, user: str, hook: str) -> Any:
    return service.sender.action(
        {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "api_app_id": "A0APP",
            "trigger_id": f"1.2.{time.time_ns()}",  # unique per interaction, as Slack's
            "channel": {"id": "CCMD"},
            "container": {"type": "message", "channel_id": "CCMD", "is_ephemeral": True},
            "response_url": service.standin.hook_url(hook),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "answer_actions",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
    )


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    actions = [b for b in blocks if b["type"] == "actions"]
    return {e["action_id"]: e["value"] for e in actions[-1]["elements"]}


def test_slash_command_answers_ephemerally_and_shares_in_channel(service: SlackService) -> None:
    started = time.monotonic()
    response = command(service, QUESTION.replace("the", "the &lt;Hewitt&gt;", 1), "USLASH", "cmd-1")
    assert response.status_code == 200 and time.monotonic() - started < 3.0
    assert response.json()["response_type"] == "ephemeral"
    assert "Looking through the review material" in response.json()["text"]
    assert "the &lt;Hewitt&gt; Hewitt review" in response.json()["text"]  # escaped once, as sent

    [answer] = service.standin.wait_for("hooks/cmd-1")
    assert answer.params["response_type"] == "ephemeral"
    shown = block_text(answer.params["blocks"])
    assert "You asked: _What does the &lt;Hewitt&gt; Hewitt review" in shown
    assert "fewer central targets" in shown.lower()
    assert "*Sources*" in shown
    values = buttons(answer.params["blocks"])
    assert set(values) == {"share_answer", "feedback_up", "feedback_down"}
    assert not service.standin.of("chat.postMessage", channel="CCMD")  # nothing public yet

    assert (
        click(service, "share_answer", values["share_answer"], "USLASH", "share-1").status_code
        == 200
    )
    shared, deleted = service.standin.wait_for("hooks/share-1", count=2)
    assert shared.params["response_type"] == "in_channel"
    assert "<@USLASH> asked" in block_text(shared.params["blocks"])
    assert "fewer central targets" in block_text(shared.params["blocks"]).lower()
    assert "share_answer" not in buttons(shared.params["blocks"])
    assert deleted.params["delete_original"] is True


def test_only_the_asker_can_share_an_answer(service: SlackService) -> None:
    command(service, QUESTION, "UOWNER", "cmd-2")
    [answer] = service.standin.wait_for("hooks/cmd-2")
    value = buttons(answer.params["blocks"])["share_answer"]
    click(service, "share_answer", value, "UOTHER", "share-2")
    [reply] = service.standin.wait_for("hooks/share-2")
    assert (
        reply.params["response_type"] == "ephemeral"
        and "no longer available" in reply.params["text"]
    )


def test_empty_slash_command_explains_itself(service: SlackService) -> None:
    response = command(service, "  ", "UEMPTY", "cmd-3")
    assert "Ask a question after the command" in response.json()["text"]
    time.sleep(1.0)
    assert not service.standin.of("hooks/cmd-3")


def answer_in_channel(service: SlackService, channel: str) -> str:
    """Asks by @mention and returns the answer's message id (the buttons' value)."""
    ts = new_ts()
    event = {
        "type": "app_mention",
        "user": f"U{channel}",
        "text": f"<@{BOT_USER}> {QUESTION}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    service.sender.event(event, f"Ev{channel}")
    [post] = service.standin.wait_for("chat.postMessage", channel=channel, thread_ts=ts)
    message_id = buttons(post.params["blocks"])["feedback_down"]
    assert message_id == buttons(post.params["blocks"])["feedback_up"]
    assert service.collab.conversations.message_exists(message_id)
    return message_id


def submit_comment(service: SlackService, view: dict[str, Any], user: str, text: str | None) -> Any:
    state = {"values": {"comment": {"comment": {"type": "plain_text_input", "value": text}}}}
    return service.sender.action(
        {
            "type": "view_submission",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "api_app_id": "A0APP",
            "view": {**view, "state": state},
        }
    )


def close_form(service: SlackService, view: dict[str, Any], user: str) -> Any:
    return service.sender.action(
        {
            "type": "view_closed",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "api_app_id": "A0APP",
            "view": view,
            "is_cleared": False,
        }
    )


def test_thumbs_down_opens_a_comment_form(service: SlackService) -> None:
    message_id = answer_in_channel(service, "CFORM")
    started = time.monotonic()
    assert click(service, "feedback_down", message_id, "UCFORM", "form-1").status_code == 200
    assert time.monotonic() - started < 3.0
    [opened] = service.standin.of("views.open")[-1:]
    assert opened.params["trigger_id"].startswith("1.2.")
    view = opened.params["view"]
    assert view["callback_id"] == "feedback_comment" and view["notify_on_close"] is True
    assert json.loads(view["private_metadata"]) == {
        "message_id": message_id,
        "response_url": service.standin.hook_url("form-1"),
    }
    assert submit_comment(service, view, "UCFORM", "Wrong year").status_code == 200
    [note] = service.standin.wait_for("hooks/form-1")
    assert note.params["response_type"] == "ephemeral"


def test_feedback_buttons_are_stored(service: SlackService) -> None:
    user = f"slack:{TEAM}:UCFEEDBACK"
    message_id = answer_in_channel(service, "CFEEDBACK")
    click(service, "feedback_up", message_id, "UCFEEDBACK", "fb-up")
    [thanks] = service.standin.wait_for("hooks/fb-up")
    assert thanks.params["text"].startswith("Thanks")
    assert stored_feedback(service, message_id) == [("up", None, "slack", user)]

    click(service, "feedback_down", message_id, "UCFEEDBACK", "fb-down")
    view = service.standin.of("views.open")[-1].params["view"]
    submit_comment(service, view, "UCFEEDBACK", "  It quoted the wrong document.  ")
    service.standin.wait_for("hooks/fb-down")
    # One record per user and answer: a second vote updates the first.
    assert stored_feedback(service, message_id) == [
        ("down", "It quoted the wrong document.", "slack", user)
    ]

    click(service, "feedback_down", message_id, "UCFEEDBACK", "fb-skip")
    close_form(service, service.standin.of("views.open")[-1].params["view"], "UCFEEDBACK")
    service.standin.wait_for("hooks/fb-skip")
    assert stored_feedback(service, message_id) == [
        ("down", "It quoted the wrong document.", "slack", user)
    ]


def test_thumbs_down_is_stored_even_when_the_form_cannot_open(service: SlackService) -> None:
    message_id = answer_in_channel(service, "CEXPIRED")
    payload_trigger = {"trigger_id": "expired"}
    service.sender.action(
        {
            "type": "block_actions",
            "user": {"id": "UCEXPIRED"},
            "team": {"id": TEAM},
            "api_app_id": "A0APP",
            **payload_trigger,
            "response_url": service.standin.hook_url("fb-expired"),
            "actions": [
                {
                    "action_id": "feedback_down",
                    "block_id": "answer_actions",
                    "value": message_id,
                    "type": "button",
                    "action_ts": "1",
                }
            ],
        }
    )
    service.standin.wait_for("hooks/fb-expired")
    user = f"slack:{TEAM}:UCEXPIRED"
    assert stored_feedback(service, message_id) == [("down", None, "slack", user)]


def test_feedback_on_an_unknown_answer_is_not_stored(service: SlackService) -> None:
    click(service, "feedback_up", "no-such-message", "UCUNKNOWN", "fb-unknown")
    [note] = service.standin.wait_for("hooks/fb-unknown")
    assert note.params["text"] == "Sorry — your feedback could not be recorded. Please try again."
    assert stored_feedback(service, "no-such-message") == []


def stored_feedback(service: SlackService, message_id: str) -> list[tuple[Any, ...]]:
    """The records the web chat's feedback export shows for this answer, oldest first."""
    return [
        (row["rating"], row["comment"], row["source"], row["user"])
        for row in export_feedback(service.collab.conversations.engine)
        if row["message_id"] == message_id
    ]
