"""Markdown -> Slack mrkdwn, Slack markup -> question text, and splitting within Slack limits."""

from __future__ import annotations

import pytest

from assistant.slack.mrkdwn import mentions, question_text, split_text, to_mrkdwn, truncate

pytestmark = pytest.mark.slack


def test_markdown_becomes_mrkdwn() -> None:
    text = "# Summary\n**Bold** and *italic* with [a link](https://example.org/x).\n- one\n- two"
    # Answer text quotes documents: a link in it stays visible but inert (issue #13).
    assert to_mrkdwn(text) == (
        "*Summary*\n*Bold* and _italic_ with [a link](https:/\u2060/example.org/x).\n• one\n• two"
    )


def test_control_characters_are_escaped() -> None:
    assert to_mrkdwn("A & B <script> > C") == "A &amp; B &lt;script&gt; &gt; C"


def test_citation_markers_link_to_the_source_viewer_when_known() -> None:
    links = {1: "https://ra.example/?doc=h#10-20"}
    out = to_mrkdwn("ICBs should have autonomy [1]. Boards [2].", links.get)
    assert out == "ICBs should have autonomy <https://ra.example/?doc=h#10-20|[1]>. Boards [2]."


def test_citation_markers_stay_plain_without_urls() -> None:
    assert to_mrkdwn("Fact [3].") == "Fact [3]."


def test_question_text_unwraps_slack_markup() -> None:
    raw = "<@UBOT> what about <#C123|general> and <https://x.org|this> &amp; <@U999>?"
    assert question_text(raw, "UBOT") == "what about #general and this & @U999?"


def test_mentions_matches_only_the_given_user() -> None:
    assert mentions("hi <@UBOT> there", "UBOT")
    assert mentions("hi <@UBOT|bot>", "UBOT")
    assert not mentions("hi <@UBOTX>", "UBOT")
    assert not mentions("hi", None)


def test_split_respects_the_limit_and_prefers_paragraphs() -> None:
    paragraph = "Sentence one is here. " * 40
    text = "\n\n".join([paragraph.strip()] * 5)
    pieces = split_text(text, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_split_never_cuts_inside_a_link() -> None:
    link = "<https://ra.example/?doc=a#1-2|[1]>"
    text = ("word " * 150 + link + " ") * 6
    for piece in split_text(text, 500):
        assert len(piece) <= 500
        assert piece.count("<") == piece.count(">")


def test_split_hard_cuts_unbroken_text() -> None:
    pieces = split_text("x" * 7000, 3000)
    assert [len(p) for p in pieces] == [3000, 3000, 1000]


def test_truncate_adds_an_ellipsis() -> None:
    assert truncate("short", 10) == "short"
    out = truncate("alpha beta gamma delta", 12)
    assert out.endswith("…") and len(out) <= 12
