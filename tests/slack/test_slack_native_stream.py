"""Slack's own streaming methods where the workspace offers them; chat.update where it doesn't."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.slack.flow import WORKING_TEXT
from tests.slack.conftest import SlackService, StartService
from tests.slack.standin import TEAM, block_text
from tests.slack.test_slack_streaming import WORDS, SlowLLM, ask, final_update

pytestmark = [pytest.mark.slack, pytest.mark.integration]


@pytest.fixture(scope="module")
def native_service(start_service: StartService) -> Iterator[SlackService]:
    service = start_service()
    service.collab.llm = SlowLLM()
    service.standin.streaming_channels.add("CNATIVE")
    yield service
    service.standin.streaming_channels.discard("CNATIVE")


def test_answer_streams_through_slacks_streaming_methods(native_service: SlackService) -> None:
    slack = native_service.standin
    ts = ask(native_service, "CNATIVE")
    final = slack.wait_for("chat.update", channel="CNATIVE", where=final_update)[-1]
    [start] = slack.of("chat.startStream", channel="CNATIVE")
    assert start.params["thread_ts"] == ts
    assert start.params["recipient_team_id"] == TEAM
    assert start.params["recipient_user_id"] == "UCNATIVE"
    stream_ts = final.params["ts"]
    assert ("CNATIVE", stream_ts) in slack.streams  # the answer replaced the stream message
    appends = slack.of("chat.appendStream", channel="CNATIVE")
    assert 2 <= len(appends) <= 5  # ~3.5 s of tokens, at most one append a second
    assert all(b.at - a.at >= 0.8 for a, b in zip(appends, appends[1:], strict=False))
    assert all(a.params["ts"] == stream_ts for a in appends)
    streamed = "".join(a.params["markdown_text"] for a in appends)
    assert " ".join(WORDS).startswith(streamed.strip())
    [stop] = slack.of("chat.stopStream", channel="CNATIVE")
    assert appends[-1].at <= stop.at <= final.at
    assert slack.streams[("CNATIVE", stream_ts)]["open"] is False
    shown = block_text(final.params["blocks"])
    assert "fewer national targets" in shown and "*Sources*" in shown
    assert not slack.of("chat.postMessage", channel="CNATIVE")  # no placeholder message


def test_unsupported_workspace_falls_back_to_edits(native_service: SlackService) -> None:
    slack = native_service.standin
    ask(native_service, "COLDWS")
    slack.wait_for("chat.update", channel="COLDWS", where=final_update)
    [refused] = slack.of("chat.startStream", channel="COLDWS")
    [placeholder] = slack.of("chat.postMessage", channel="COLDWS")
    assert refused.at <= placeholder.at and placeholder.params["text"] == WORKING_TEXT
    assert not slack.of("chat.appendStream", channel="COLDWS")
    assert len(slack.of("chat.update", channel="COLDWS")) >= 2  # streamed edits, then the answer
