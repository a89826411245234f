"""What a Slack reader sees: plain notification text, a decline's passages once, a warning
when an answer cites nothing."""

from __future__ import annotations

import json

import pytest

from assistant.schemas import ChatResponse, Passage
from assistant.slack.blocks import SHARE, UNCITED_WARNING, render_response
from assistant.slack.interactions import COMMAND_HELP
from tests.slack.conftest import SlackService
from tests.slack.test_slack_blocks import response
from tests.slack.test_slack_interactive import command

pytestmark = pytest.mark.slack

NEAREST = Passage(
    chunk_id="x:1",
    doc_id="x",
    title="Workforce briefing",
    publisher="Example Trust",
    date="2023",
    kind="briefing",
    section="Staffing",
    text="Rotas are agreed   with staff\nsix weeks ahead.",
    start=10,
    end=60,
    score=0.1,
)


def _decline() -> ChatResponse:
    answer = (
        "The documents don't cover dental contracts.\n\n"
        "The closest passages I found were:\n\n"
        "- *Workforce briefing* (Example Trust) — Staffing"
    )
    return response(
        answer=answer, citations=[], refused=True, refusal_reason="not_covered", nearest=[NEAREST]
    )


def test_notification_text_has_no_markdown() -> None:
    answer = (
        "**Key points** · *Briefing*\n- Boards **should** agree plans [1]\n- Budgets _rise_ [2]"
    )
    [message] = render_response(response(answer=answer))
    assert (
        message.text == "Key points · Briefing\n• Boards should agree plans [1]\n• Budgets rise [2]"
    )
    assert "*" not in message.text and "_" not in message.text


def test_decline_lists_the_closest_passages_once_with_their_text() -> None:
    for url in (None, "https://ra.example"):
        [message] = render_response(_decline(), public_base_url=url)
        blob = json.dumps(message.blocks, ensure_ascii=False)
        assert blob.count("Workforce briefing") == 1
        assert "Rotas are agreed with staff six weeks ahead." in blob
        assert "closest passages I found" not in blob
        assert ("<https://ra.example/?doc=x#10-60|Workforce briefing>" in blob) == bool(url)
    assert message.text == "I couldn't answer this from the documents. " + (
        "The documents don't cover dental contracts."
    )


def test_an_answer_that_cites_nothing_carries_a_warning() -> None:
    uncited = response(answer="Boards agree plans.", citations=[], search_query="plans")
    blob = json.dumps(render_response(uncited)[0].blocks, ensure_ascii=False)
    assert UNCITED_WARNING in blob
    cited = json.dumps(render_response(response(search_query="q"))[0].blocks, ensure_ascii=False)
    assert UNCITED_WARNING not in cited
    greeting = response(answer="Hello! Ask me about the documents.", citations=[])
    assert UNCITED_WARNING not in json.dumps(render_response(greeting)[0].blocks)


@pytest.mark.integration
def test_help_and_uncited_replies_offer_no_share_button(service: SlackService) -> None:
    helped = command(service, "help", "UHELP", "help-1")
    assert helped.status_code == 200 and helped.json()["text"].startswith(COMMAND_HELP)
    assert "answers come from every document" in helped.json()["text"]  # this channel's sources
    asked = command(service, "What can you do?", "UHELP", "help-2")
    assert asked.status_code == 200
    [reply] = service.standin.wait_for("hooks/help-2")
    assert SHARE not in json.dumps(reply.params["blocks"])
    assert not service.standin.of("hooks/help-1")  # help is the acknowledgement, nothing more
    cited = command(service, "What are the main recommendations?", "UHELP", "help-3")
    assert cited.status_code == 200
    [answer] = service.standin.wait_for("hooks/help-3")
    assert SHARE in json.dumps(answer.params["blocks"])
