"""Events against the real `/slack/events` of a running app: mentions, DMs, threads, retries."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from tests.slack.conftest import PUBLIC_BASE_URL, RATE_LIMIT, SlackService
from tests.slack.standin import BOT_TOKEN, BOT_USER, TEAM, block_text, new_ts

pytestmark = [pytest.mark.slack, pytest.mark.integration]

QUESTION = "What does the Hewitt review recommend about national targets?"


def mention(channel: str, ts: str, question: str = QUESTION, **extra: str) -> dict[str, str]:
    return {
        "type": "app_mention",
        "user": f"U{channel}",
        "text": f"<@{BOT_USER}> {question}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        **extra,
    }


def message(channel: str, ts: str, text: str, channel_type: str, **extra: str) -> dict[str, str]:
    return {
        "type": "message",
        "user": f"U{channel}",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
        **extra,
    }


def test_mention_gets_a_threaded_answer_with_sources(service: SlackService) -> None:
    ts = new_ts()
    started = time.monotonic()
    response = service.sender.event(mention("CMENTION", ts), "EvMention1")
    assert response.status_code == 200
    assert time.monotonic() - started < 3.0  # acknowledged within Slack's limit

    [reaction] = service.standin.wait_for("reactions.add", channel="CMENTION", timestamp=ts)
    assert reaction.params["name"] == "eyes" and reaction.token == BOT_TOKEN
    [post] = service.standin.wait_for("chat.postMessage", channel="CMENTION", thread_ts=ts)
    blocks = post.params["blocks"]
    shown = block_text(blocks)
    assert "fewer central targets" in shown.lower()
    assert f"<{PUBLIC_BASE_URL}/?doc=" in shown and "|[1]>" in shown
    assert "*Sources*" in shown and "NHS Confederation" in shown and "2023-04-04" in shown
    assert blocks[-1]["type"] == "actions"
    assert post.params["text"]  # notification fallback


def test_follow_up_in_the_thread_continues_the_conversation(service: SlackService) -> None:
    ts = new_ts()
    service.sender.event(mention("CFOLLOW", ts), "EvFollow1")
    service.standin.wait_for("chat.postMessage", channel="CFOLLOW", thread_ts=ts)

    reply = message("CFOLLOW", new_ts(), "When would that happen?", "channel", thread_ts=ts)
    assert service.sender.event(reply, "EvFollow2").status_code == 200
    posts = service.standin.wait_for("chat.postMessage", count=2, channel="CFOLLOW", thread_ts=ts)
    assert len(posts) == 2

    # Slack echoes the bot's own replies as `message` events in the thread: never answered.
    own = {**message("CFOLLOW", new_ts(), "An answer", "channel", thread_ts=ts), "user": BOT_USER}
    service.sender.event({**own, "bot_id": "BBOT"}, "EvFollow3")
    edit = message("CFOLLOW", new_ts(), "edit", "channel", thread_ts=ts, subtype="message_changed")
    service.sender.event(edit, "EvFollow4")

    conversations = service.collab.conversations
    conversation_id = conversations.id_for_external_key(f"{TEAM}:CFOLLOW:{ts}")
    turns = conversations.turns(conversation_id)
    assert [t.role for t in turns] == ["user", "assistant", "user", "assistant"]
    assert "national targets" in (turns[2].search_query or "")  # understood from the thread
    time.sleep(1.0)
    assert len(service.standin.of("chat.postMessage", channel="CFOLLOW")) == 2


def test_a_question_the_material_does_not_cover_is_declined_plainly(
    service: SlackService,
) -> None:
    ts = new_ts()
    service.sender.event(mention("CDECLINE", ts, "What is the best pizza topping?"), "EvDecline1")
    [post] = service.standin.wait_for("chat.postMessage", channel="CDECLINE", thread_ts=ts)
    shown = block_text(post.params["blocks"])
    assert shown.startswith(":no_entry_sign: *I couldn't answer this from the review material.*")
    assert "The documents don't say what the best pizza topping is." in shown  # restated
    assert "*Sources*" not in shown


def test_messages_outside_answered_threads_are_left_alone(service: SlackService) -> None:
    service.sender.event(message("CQUIET", new_ts(), "just chatting", "channel"), "EvQuiet1")
    stray = message("CQUIET", new_ts(), "a reply", "channel", thread_ts=new_ts())
    service.sender.event(stray, "EvQuiet2")
    bot = {**message("CQUIET", new_ts(), QUESTION, "im"), "bot_id": "BOTHER"}
    service.sender.event({**bot, "channel": "DQUIET"}, "EvQuiet3")
    time.sleep(1.5)
    assert not service.standin.of("chat.postMessage", channel="CQUIET")
    assert not service.standin.of("chat.postMessage", channel="DQUIET")
    assert not service.standin.of("reactions.add", channel="CQUIET")


def test_direct_message_is_answered_in_its_thread(service: SlackService) -> None:
    ts = new_ts()
    service.sender.event(message("DDIRECT", ts, QUESTION, "im"), "EvDm1")
    [post] = service.standin.wait_for("chat.postMessage", channel="DDIRECT", thread_ts=ts)
    assert "Sources" in block_text(post.params["blocks"])


def test_retries_and_duplicate_deliveries_are_answered_once(service: SlackService) -> None:
    ts = new_ts()
    event = mention("CRETRY", ts)
    first = service.sender.event(event, "EvRetry1")
    retry = service.sender.event(
        event, "EvRetry1", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
    )
    # With message.channels subscribed, Slack also sends the same message as a `message` event.
    twin = message("CRETRY", ts, event["text"], "channel")
    service.sender.event(twin, "EvRetry2")
    assert first.status_code == retry.status_code == 200
    service.standin.wait_for("chat.postMessage", channel="CRETRY")
    time.sleep(1.5)
    assert len(service.standin.of("chat.postMessage", channel="CRETRY")) == 1
    assert len(service.standin.of("reactions.add", channel="CRETRY")) == 1
    with service.collab.conversations.engine.connect() as db:
        claimed = db.execute(text("SELECT key FROM slack_seen WHERE key LIKE 'event:EvRetry%'"))
        assert sorted(row[0] for row in claimed) == ["event:EvRetry1", "event:EvRetry2"]


def test_per_user_rate_limit_answers_politely(service: SlackService) -> None:
    channel = "DRATE"
    for i in range(RATE_LIMIT + 1):
        event = {**message(channel, new_ts(), QUESTION, "im"), "user": "URATE"}
        service.sender.event(event, f"EvRate{i}")
    posts = service.standin.wait_for("chat.postMessage", count=RATE_LIMIT + 1, channel=channel)
    polite = [p for p in posts if "faster than I can keep up" in p.params["text"]]
    assert len(polite) == 1
    assert f"{RATE_LIMIT} questions a minute" in polite[0].params["text"]


def test_rate_limit_note_in_a_channel_is_only_for_the_asker(service: SlackService) -> None:
    channel = "CRATE"
    for i in range(RATE_LIMIT + 1):
        service.sender.event(mention(channel, new_ts()), f"EvChannelRate{i}")
    [note] = service.standin.wait_for("chat.postEphemeral", channel=channel)
    assert note.params["user"] == f"U{channel}"
    assert "faster than I can keep up" in note.params["text"]
    answers = service.standin.wait_for("chat.postMessage", count=RATE_LIMIT, channel=channel)
    time.sleep(1.0)
    assert len(service.standin.of("chat.postMessage", channel=channel)) == len(answers)


def test_bare_mention_gets_help(service: SlackService) -> None:
    ts = new_ts()
    service.sender.event(mention("CHELP", ts, question=""), "EvHelp1")
    [post] = service.standin.wait_for("chat.postMessage", channel="CHELP", thread_ts=ts)
    assert "Ask me a question" in post.params["text"]
