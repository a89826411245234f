"""With an LLM configured, the answer streams into the thread by editing one message."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from assistant.answering import AnswerDraft, LLMUnavailable, Turn
from assistant.schemas import Citation, Passage
from assistant.slack.flow import WORKING_TEXT
from tests.slack.conftest import SlackService, StartService
from tests.slack.standin import BOT_USER, Call, block_text, new_ts

pytestmark = [pytest.mark.slack, pytest.mark.integration]

WORDS = ("The review asks for fewer national targets, agreed with systems [1]. " * 4).split()


class SlowLLM:
    """An answerer that writes a token every 0.1 s, like a model on a small machine."""

    def __init__(self) -> None:
        self.fail = False

    def rewrite(self, message: str, history: list[Turn]) -> str:
        return message

    def answer(
        self,
        question: str,
        passages: list[Passage],
        history: list[Turn],
        on_token: Callable[[str], None] | None,
        cancelled: Callable[[], bool],
    ) -> AnswerDraft:
        for word in WORDS:
            time.sleep(0.1)
            if on_token:
                on_token(word + " ")
        if self.fail:
            raise LLMUnavailable("the model stopped answering")
        p = passages[0]
        cite = Citation(
            n=1,
            doc_id=p.doc_id,
            title=p.title,
            publisher=p.publisher,
            date=p.date,
            section=p.section,
            quote=p.text[:40],
            chunk_id=p.chunk_id,
            start=p.start,
            end=p.start + 40,
        )
        return AnswerDraft(" ".join(WORDS), [cite], refused=False, mode="llm")


@pytest.fixture(scope="module")
def llm_service(start_service: StartService) -> Iterator[tuple[SlackService, SlowLLM]]:
    service = start_service()
    llm = SlowLLM()
    service.collab.llm = llm  # before the first Slack request builds the Slack app
    yield service, llm


def final_update(call: Call) -> bool:
    """The last edit: the rendered answer with its buttons, not a partial one."""
    return call.params["blocks"][-1]["type"] == "actions"


def ask(service: SlackService, channel: str) -> str:
    ts = new_ts()
    event = {
        "type": "app_mention",
        "user": f"U{channel}",
        "ts": ts,
        "channel": channel,
        "text": f"<@{BOT_USER}> What does the review say about national targets?",
        "event_ts": ts,
    }
    started = time.monotonic()
    assert service.sender.event(event, f"Ev{channel}").status_code == 200
    assert time.monotonic() - started < 3.0
    return ts


def test_llm_answer_streams_with_rate_limited_edits(
    llm_service: tuple[SlackService, SlowLLM],
) -> None:
    service, _ = llm_service
    ts = ask(service, "CSTREAM")
    [placeholder] = service.standin.wait_for("chat.postMessage", channel="CSTREAM", thread_ts=ts)
    assert placeholder.params["text"] == WORKING_TEXT
    service.standin.wait_for("chat.update", channel="CSTREAM", where=final_update)
    updates = service.standin.of("chat.update", channel="CSTREAM")
    stream, final = updates[:-1], updates[-1]
    assert 2 <= len(stream) <= 4  # ~3.5 s of tokens, at most one edit a second
    assert all(u.params["ts"] == final.params["ts"] for u in updates)
    assert all(b.at - a.at >= 0.8 for a, b in zip(stream, stream[1:], strict=False))
    assert all(block_text(u.params["blocks"]).endswith(" …") for u in stream)
    lengths = [len(block_text(u.params["blocks"])) for u in stream]
    assert lengths == sorted(lengths)  # the text grows as the model writes
    shown = block_text(final.params["blocks"])
    assert "fewer national targets" in shown and "*Sources*" in shown
    assert final.params["blocks"][-1]["type"] == "actions"
    assert len(service.standin.of("chat.postMessage", channel="CSTREAM")) == 1


def test_llm_failure_falls_back_and_says_so(llm_service: tuple[SlackService, SlowLLM]) -> None:
    service, llm = llm_service
    llm.fail = True
    ask(service, "CFALLBACK")
    service.standin.wait_for("chat.update", channel="CFALLBACK", where=final_update)
    final = service.standin.of("chat.update", channel="CFALLBACK")[-1]
    shown = block_text(final.params["blocks"])
    assert ":information_source: Answered from quotes because the language model" in shown
    assert "*Sources*" in shown


def test_acks_stay_fast_while_every_worker_is_busy(
    llm_service: tuple[SlackService, SlowLLM],
) -> None:
    service, llm = llm_service
    llm.fail = False
    channels = [f"CBUSY{i}" for i in range(12)]  # more slow answers than answering threads
    for channel in channels:
        ask(service, channel)
    started = time.monotonic()
    response = service.sender.form(
        {
            "team_id": "T0TEST",
            "channel_id": "CBUSY0",
            "user_id": "UBUSYCMD",
            "command": "/review-assistant",
            "text": "What is an ICB?",
            "response_url": service.standin.hook_url("busy-cmd"),
        }
    )
    assert response.status_code == 200 and time.monotonic() - started < 2.0
    assert "Looking through the review material" in response.json()["text"]
    for channel in channels:
        service.standin.wait_for("chat.update", channel=channel, where=final_update, timeout=60)
    service.standin.wait_for("hooks/busy-cmd", timeout=60)
