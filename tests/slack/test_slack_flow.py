"""Responder branches that the end-to-end tests do not reach: failures and odd input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy import create_engine

from assistant.schemas import ChatRequest, ChatResponse
from assistant.slack.flow import ERROR_TEXT, TOO_LONG_TEXT, Question, Responder
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.store import SlackStore

pytestmark = pytest.mark.slack


class Client:
    """Records calls; refuses any message whose blocks hold more than `max_blocks`."""

    def __init__(self, max_blocks: int = 50) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.max_blocks = max_blocks

    def _call(self, method: str, **kwargs: Any) -> dict[str, Any]:
        self.calls.append((method, kwargs))
        if len(kwargs.get("blocks") or []) > self.max_blocks:
            response = SlackResponse(
                client=None,
                http_verb="POST",
                api_url=method,
                req_args={},
                data={"ok": False, "error": "invalid_blocks"},
                headers={},
                status_code=200,
            )
            raise SlackApiError("invalid_blocks", response)
        return {"ok": True, "ts": f"9.{len(self.calls)}"}

    def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:  # noqa: N802 (Slack's name)
        return self._call("chat.postMessage", **kwargs)

    def chat_update(self, **kwargs: Any) -> dict[str, Any]:
        return self._call("chat.update", **kwargs)

    def chat_startStream(self, **kwargs: Any) -> dict[str, Any]:  # noqa: N802
        """As in a workspace without Slack's streaming methods."""
        self.calls.append(("chat.startStream", kwargs))
        response = SlackResponse(
            client=None,
            http_verb="POST",
            api_url="chat.startStream",
            req_args={},
            data={"ok": False, "error": "feature_not_enabled"},
            headers={},
            status_code=200,
        )
        raise SlackApiError("feature_not_enabled", response)

    def reactions_add(self, **kwargs: Any) -> dict[str, Any]:
        return self._call("reactions.add", **kwargs)


class Threads:
    def __init__(self) -> None:
        self.bound: dict[str, str] = {}

    def id_for_external_key(self, key: str) -> str | None:
        return self.bound.get(key)

    def bind_external_key(self, conversation_id: str, key: str) -> None:
        self.bound[key] = conversation_id

    def ensure(self, conversation_id: str | None, owner: str | None, first_message: str) -> str:
        return conversation_id or f"conv-{len(self.bound)}"


def answer(
    request: ChatRequest,
    owner: str | None,
    on_event: Any,
    thread: str | None = None,
    filters: Any = None,
) -> ChatResponse:
    if "explode" in request.message:
        raise RuntimeError("the index went away")
    return ChatResponse(
        conversation_id=request.conversation_id or "c",
        message_id="m",
        answer="An answer.",
        citations=[],
        refused=False,
        mode="extractive",
    )


def responder(tmp_path: Path, client: Client, stream: bool = False) -> Responder:
    store = SlackStore(create_engine(f"sqlite:///{tmp_path / 'slack.db'}"))
    return Responder(
        client,  # type: ignore[arg-type]
        answer,
        Threads(),
        store,
        RateLimiter(100),
        public_base_url=None,
        stream=stream,
    )


def question(text: str, ts: str = "1.1") -> Question:
    return Question(team="T", channel="C", user="U", ts=ts, thread_ts=ts, text=text, is_dm=False)


def test_a_pipeline_failure_is_reported_in_the_thread(tmp_path: Path) -> None:
    client = Client()
    bot = responder(tmp_path, client, stream=True)
    bot.answer_in_thread(question("please explode"))
    methods = [m for m, _ in client.calls]
    # Slack's streaming refused here, so a placeholder is posted and edited
    assert methods == ["reactions.add", "chat.startStream", "chat.postMessage", "chat.update"]
    assert client.calls[-1][1]["text"] == ERROR_TEXT  # the placeholder does not hang


def test_overlong_questions_get_a_polite_answer(tmp_path: Path) -> None:
    client = Client()
    responder(tmp_path, client).answer_in_thread(question("why? " * 1000))
    assert client.calls[-1][1]["text"] == TOO_LONG_TEXT


def test_blocks_slack_refuses_fall_back_to_plain_text(tmp_path: Path) -> None:
    client = Client(max_blocks=1)
    responder(tmp_path, client).answer_in_thread(question("What?"))
    refused, fallback = client.calls[-2:]
    assert len(refused[1]["blocks"]) > 1
    assert len(fallback[1]["blocks"]) == 1 and fallback[1]["text"] == "An answer."


def test_the_same_message_is_answered_once(tmp_path: Path) -> None:
    client = Client()
    bot = responder(tmp_path, client)
    bot.answer_in_thread(question("What?", ts="5.5"))
    bot.answer_in_thread(question("What?", ts="5.5"))
    assert [m for m, _ in client.calls].count("chat.postMessage") == 1
