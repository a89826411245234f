"""Block Kit rendering of responses: sources, declines, notes, buttons and Slack's limits."""

from __future__ import annotations

import json

import pytest

from assistant.schemas import ChatResponse, Citation, Passage
from assistant.slack.blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    MAX_BLOCKS,
    SHARE,
    render_response,
    source_url,
    streaming_message,
)

pytestmark = pytest.mark.slack


def citation(n: int, **overrides: object) -> Citation:
    data: dict[str, object] = {
        "n": n,
        "doc_id": "hewitt-review",
        "title": "The Hewitt Review",
        "publisher": "DHSC",
        "date": "2023-04-04",
        "section": "Recommendations > Autonomy",
        "quote": "ICBs should have autonomy.",
        "chunk_id": f"hewitt-review:{n}",
        "start": 100 * n,
        "end": 100 * n + 50,
    }
    data.update(overrides)
    return Citation.model_validate(data)


def response(**overrides: object) -> ChatResponse:
    data: dict[str, object] = {
        "conversation_id": "c1",
        "message_id": "m1",
        "answer": "ICBs should have **more autonomy** [1]. Boards disagree [2].",
        "citations": [citation(1), citation(2, title="A <King's> Fund & co", section="")],
        "refused": False,
        "mode": "extractive",
    }
    data.update(overrides)
    return ChatResponse.model_validate(data)


def texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_answer_sources_and_feedback_buttons() -> None:
    [message] = render_response(response(), public_base_url="https://ra.example/")
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["section", "divider", "context", "actions"]
    assert message.blocks[0]["text"]["text"] == (
        "ICBs should have *more autonomy* <https://ra.example/?doc=hewitt-review#100-150|[1]>. "
        "Boards disagree <https://ra.example/?doc=hewitt-review#200-250|[2]>."
    )
    sources = message.blocks[2]["elements"][0]["text"]
    assert "[1] <https://ra.example/?doc=hewitt-review#100-150|The Hewitt Review>" in sources
    assert "DHSC, 2023-04-04 · _Recommendations &gt; Autonomy_" in sources
    assert "A &lt;King's&gt; Fund &amp; co" in sources
    buttons = message.blocks[3]["elements"]
    assert [b["action_id"] for b in buttons] == [FEEDBACK_UP, FEEDBACK_DOWN]
    assert {b["value"] for b in buttons} == {"m1"}
    assert message.text.startswith("ICBs should have")


def test_a_pdf_citation_names_its_page() -> None:
    cited = [citation(1, page=7), citation(2, section="")]
    [message] = render_response(response(citations=cited))
    sources = message.blocks[2]["elements"][0]["text"]
    assert "_Recommendations &gt; Autonomy_, page 7" in sources
    assert sources.count("page") == 1  # a citation without a page names none


def test_without_public_url_titles_are_bold_not_links() -> None:
    [message] = render_response(response())
    assert "<http" not in texts(message.blocks)
    assert "[1] *The Hewitt Review*" in message.blocks[2]["elements"][0]["text"]


def test_decline_is_stated_plainly_with_nearest_passages() -> None:
    nearest = Passage(
        chunk_id="x:1",
        doc_id="x",
        title="NHS Confed note",
        publisher="NHS Confed",
        date="2023",
        kind="briefing",
        section="Intro",
        text="...",
        start=0,
        end=3,
        score=0.1,
    )
    refused = response(
        answer="The documents do not say anything about dental contracts.",
        citations=[],
        refused=True,
        refusal_reason="not_covered",
        nearest=[nearest],
    )
    [message] = render_response(refused, public_base_url="https://ra.example")
    first = message.blocks[0]["text"]["text"]
    assert first == ":no_entry_sign: *I couldn't answer this from the review material.*"
    assert "do not say anything about dental" in message.blocks[1]["text"]["text"]
    assert "Closest passages found" in texts(message.blocks)
    assert "<https://ra.example/?doc=x#0-3|NHS Confed note>" in texts(message.blocks)
    assert message.text.startswith("I couldn't answer")


def test_decline_without_text_gives_the_reason() -> None:
    [message] = render_response(
        response(answer="", citations=[], refused=True, refusal_reason="off_topic")
    )
    assert "outside what the review material is about" in message.blocks[0]["text"]["text"]
    assert "Closest passages" not in texts(message.blocks)


def test_fallback_notice_and_warnings_are_shown() -> None:
    resp = response(
        notice="The language model was unavailable; this is the extractive answer.",
        warnings=["Sources disagree on the number of questions."],
    )
    blob = texts(render_response(resp)[0].blocks)
    assert ":information_source: The language model was unavailable" in blob
    assert ":warning: Sources disagree" in blob


def test_long_answers_are_split_within_slack_limits() -> None:
    paragraph = "This sentence is part of a very long answer about the review [1]. " * 30
    long = response(answer="\n\n".join([paragraph] * 70))
    messages = render_response(long)
    assert len(messages) >= 2
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
    assert messages[-1].blocks[-1]["type"] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)
    assert messages[1].text.startswith("(continued 2/")


def test_many_sources_fit_in_context_blocks() -> None:
    many = [citation(n, title=f"Document number {n} " + "x" * 200) for n in range(1, 41)]
    [message] = render_response(response(citations=many))
    for block in message.blocks:
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
    assert "[40]" in texts(message.blocks)


def test_share_button_and_preface_for_slash_answers() -> None:
    [message] = render_response(response(), share=True, preface="You asked: _x_")
    assert message.blocks[0]["type"] == "context"
    assert message.blocks[-1]["elements"][0]["action_id"] == SHARE


def test_source_url_quotes_the_document_id() -> None:
    assert source_url(None, "a", 1, 2) is None
    assert source_url("https://h/app/", "a b/c", 1, 2) == "https://h/app/?doc=a%20b%2Fc#1-2"


def test_streaming_message_marks_unfinished_text() -> None:
    message = streaming_message("Partial **answer**")
    assert message.blocks[0]["text"]["text"] == "Partial *answer* …"
    assert len(streaming_message("y " * 5000).blocks[0]["text"]["text"]) <= 3000


def test_notification_text_is_escaped_too() -> None:
    [message] = render_response(response(answer="Budgets < 5% & rising [1]."))
    assert message.text == "Budgets &lt; 5% &amp; rising [1]."
