"""A conversation (or one answer) as a board paper: questions, answers and numbered footnotes.

Each answer numbers its citations from [1]; a paper numbers footnotes once across every answer,
so the markers in the text are renumbered and each footnote quotes its passage verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.plaintext import plain_lines

MARKER = re.compile(r"\[(\d+)\]")

PageOf = Callable[[dict[str, Any]], int | None]


class MessageNotFound(LookupError):
    """The requested message is not an answer in this conversation."""


@dataclass(frozen=True)
class Footnote:
    """One cited passage: the exact quote and where it comes from."""

    n: int
    quote: str
    title: str
    publisher: str
    date: str
    section: str
    page: int | None

    def source(self) -> str:
        """'Title, Publisher, Date, section S, page P' — the parts that are known."""
        parts = [self.title, self.publisher, self.date]
        if self.section:
            parts.append(f"section {self.section}")
        if self.page:
            parts.append(f"page {self.page}")
        return ", ".join(p for p in parts if p)


@dataclass
class Exchange:
    """A question and its answer, whose `[n]` markers refer to `footnotes`."""

    question: str
    answer_lines: list[str]
    footnotes: list[Footnote] = field(default_factory=list)
    notice: str | None = None


@dataclass
class BoardPaper:
    title: str
    exchanges: list[Exchange]

    @property
    def footnotes(self) -> list[Footnote]:
        return [f for e in self.exchanges for f in e.footnotes]


def _exchange(question: str, response: dict[str, Any], first: int, page_of: PageOf) -> Exchange:
    citations = sorted(response.get("citations") or [], key=lambda c: int(c["n"]))
    renumber = {int(c["n"]): first + i for i, c in enumerate(citations)}
    footnotes = [
        Footnote(
            n=renumber[int(c["n"])],
            quote=c["quote"],
            title=c.get("title", ""),
            publisher=c.get("publisher", ""),
            date=c.get("date", ""),
            section=c.get("section", ""),
            page=c.get("page") or page_of(c),
        )
        for c in citations
    ]

    def remark(match: re.Match[str]) -> str:
        n = renumber.get(int(match.group(1)))
        return f"[{n}]" if n is not None else match.group(0)

    lines = [MARKER.sub(remark, line) for line in plain_lines(response.get("answer", ""))]
    return Exchange(question, lines, footnotes, response.get("notice"))


def board_paper(
    conversation: dict[str, Any], page_of: PageOf, message_id: str | None = None
) -> BoardPaper:
    """The paper for a stored conversation (`ConversationStore.get`), or just one answer of it.

    Raises `MessageNotFound` when `message_id` is not one of its answers.
    """
    exchanges: list[Exchange] = []
    question = ""
    found = message_id is None
    for message in conversation["messages"]:
        if message["role"] == "user":
            question = message["content"]
            continue
        if message_id is not None and message["message_id"] != message_id:
            continue
        found = True
        response = message.get("response") or {"answer": message["content"], "citations": []}
        first = 1 + sum(len(e.footnotes) for e in exchanges)
        exchanges.append(_exchange(question, response, first, page_of))
    if not found:
        raise MessageNotFound(f"no answer {message_id} in this conversation")
    return BoardPaper(conversation.get("title") or "Questions and answers", exchanges)
