"""Pure Block Kit rendering of a `ChatResponse`: cited answer, sources, notes and buttons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from assistant.plaintext import plain_text
from assistant.schemas import ChatResponse, Citation, Passage
from assistant.slack.mrkdwn import SECTION_TEXT_LIMIT, escape, split_text, to_mrkdwn, truncate

Block = dict[str, Any]

MAX_BLOCKS = 50
CONTEXT_ELEMENTS = 10
FALLBACK_TEXT_LIMIT = 3000
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
SHARE = "share_answer"
ACTIONS_BLOCK_ID = "answer_actions"
NEAREST_SNIPPET = 200
UNCITED_WARNING = (
    ":warning: This answer cites no passage from the documents: check it against the sources "
    "before relying on it."
)

REFUSAL_REASONS = {
    "not_covered": "The review material doesn't cover this.",
    "off_topic": "That is outside what the review material is about.",
    "no_index": "No documents are indexed yet, so there is nothing to answer from.",
    "injection": "I can't follow instructions that try to change how I work.",
}


@dataclass(frozen=True)
class SlackMessage:
    """One Slack message: the notification/fallback `text` and its `blocks`."""

    text: str
    blocks: list[Block]


def source_url(public_base_url: str | None, doc_id: str, start: int, end: int) -> str | None:
    """The web chat's source viewer for a span of a document, when a public URL is configured."""
    if not public_base_url:
        return None
    return f"{public_base_url.rstrip('/')}/?doc={quote(doc_id, safe='')}#{start}-{end}"


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(lines: Iterable[str]) -> list[Block]:
    """Lines packed into context blocks within Slack's element and text limits."""
    elements: list[str] = []
    for line in lines:
        line = truncate(line, SECTION_TEXT_LIMIT)
        if elements and len(elements[-1]) + 1 + len(line) <= SECTION_TEXT_LIMIT:
            elements[-1] += "\n" + line
        else:
            elements.append(line)
    return [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": text} for text in elements[i : i + CONTEXT_ELEMENTS]
            ],
        }
        for i in range(0, len(elements), CONTEXT_ELEMENTS)
    ]


def _button(action_id: str, label: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def actions(message_id: str, *, share: bool = False) -> Block:
    elements = [
        _button(FEEDBACK_UP, ":thumbsup: Helpful", message_id),
        _button(FEEDBACK_DOWN, ":thumbsdown: Not helpful", message_id),
    ]
    if share:
        elements.insert(0, _button(SHARE, "Share in channel", message_id, style="primary"))
    return {"type": "actions", "block_id": ACTIONS_BLOCK_ID, "elements": elements}


def _source_line(citation: Citation, public_base_url: str | None) -> str:
    title = escape(citation.title)
    url = source_url(public_base_url, citation.doc_id, citation.start, citation.end)
    linked = f"<{url}|{title}>" if url else f"*{title}*"
    details = [escape(part) for part in (citation.publisher, citation.date) if part]
    line = f"[{citation.n}] {linked}"
    if details:
        line += " — " + ", ".join(details)
    if citation.section:
        line += f" · _{escape(citation.section)}_"
    if citation.page:
        line += f", page {citation.page}"
    return line


def _nearest_line(passage: Passage, public_base_url: str | None) -> str:
    """The passage's document (linked when the viewer has a URL), section and opening words."""
    title = escape(passage.title)
    url = source_url(public_base_url, passage.doc_id, passage.start, passage.end)
    linked = f"<{url}|{title}>" if url else f"*{title}*"
    parts = [linked, escape(passage.publisher)] if passage.publisher else [linked]
    if passage.section:
        parts.append(f"_{escape(passage.section)}_")
    snippet = escape(truncate(" ".join(passage.text.split()), NEAREST_SNIPPET))
    return "• " + " · ".join(parts) + (f"\n> {snippet}" if snippet else "")


def _citations(response: ChatResponse) -> list[Citation]:
    seen: dict[int, Citation] = {}
    for citation in response.citations:
        seen.setdefault(citation.n, citation)
    return [seen[n] for n in sorted(seen)]


def answer_blocks(response: ChatResponse, public_base_url: str | None) -> list[Block]:
    """Everything but the buttons: the plain decline, the answer, sources and notes."""
    by_n = {c.n: c for c in response.citations}

    def link(n: int) -> str | None:
        c = by_n.get(n)
        return source_url(public_base_url, c.doc_id, c.start, c.end) if c else None

    blocks: list[Block] = []
    if response.refused:
        # The pipeline's text says why; the reason is repeated here only when it does not.
        reason = (
            "" if response.answer.strip() else REFUSAL_REASONS.get(response.refusal_reason or "")
        )
        lead = ":no_entry_sign: *I couldn't answer this from the review material.*"
        blocks.append(section(f"{lead} {reason or ''}".strip()))
    if response.notice:
        blocks.extend(context([f":information_source: {escape(response.notice)}"]))
    # A decline lists its closest passages once, below, with text and links: the reason only here.
    shown = _reason(response.answer) if response.refused and response.nearest else response.answer
    blocks.extend(section(piece) for piece in split_text(to_mrkdwn(shown, link)))
    citations = _citations(response)
    if citations:
        blocks.append({"type": "divider"})
        lines = ["*Sources*"] + [_source_line(c, public_base_url) for c in citations]
        blocks.extend(context(lines))
    if response.refused and response.nearest:
        viewer = " (open them in the source viewer)" if public_base_url else ""
        lines = [f"*Closest passages found*{viewer}"]
        lines += [_nearest_line(p, public_base_url) for p in response.nearest[:5]]
        blocks.extend(context(lines))
    if not response.refused and not citations and response.search_query is not None:
        blocks.extend(context([UNCITED_WARNING]))  # a looked-up answer that quotes nothing
    if response.warnings:
        blocks.extend(context(f":warning: {escape(w)}" for w in response.warnings))
    return blocks


def _reason(answer: str) -> str:
    """A decline's first paragraph: why it declined (the passages follow in their own block)."""
    return answer.strip().split("\n\n", 1)[0]


def fallback_text(response: ChatResponse) -> str:
    """The notification and screen-reader text: plain words, no Markdown or mrkdwn syntax."""
    answer = _reason(response.answer) if response.refused else response.answer
    prefix = "I couldn't answer this from the documents. " if response.refused else ""
    return truncate(escape(prefix + plain_text(answer)), FALLBACK_TEXT_LIMIT)


def paginate(blocks: list[Block], text: str, tail: Block | None = None) -> list[SlackMessage]:
    """Split blocks over messages of at most `MAX_BLOCKS`; `tail` goes last in the last one."""
    body = list(blocks)
    pages: list[list[Block]] = []
    while True:
        room = MAX_BLOCKS - (1 if tail is not None else 0)
        if len(body) <= room:
            pages.append(body + ([tail] if tail is not None else []))
            break
        pages.append(body[:MAX_BLOCKS])
        body = body[MAX_BLOCKS:]
    return [
        SlackMessage(text=text if i == 0 else f"(continued {i + 1}/{len(pages)})", blocks=page)
        for i, page in enumerate(pages)
    ]


def render_response(
    response: ChatResponse,
    *,
    public_base_url: str | None = None,
    share: bool = False,
    preface: str | None = None,
) -> list[SlackMessage]:
    """A response as one or more Slack messages; the last one carries the buttons."""
    blocks = answer_blocks(response, public_base_url)
    if preface:
        blocks = context([preface]) + blocks
    return paginate(blocks, fallback_text(response), actions(response.message_id, share=share))


def streaming_message(partial: str) -> SlackMessage:
    """What an answer looks like while the LLM is still writing it."""
    text = truncate(to_mrkdwn(partial), SECTION_TEXT_LIMIT - 2) + " …"
    plain = truncate(escape(plain_text(partial)), FALLBACK_TEXT_LIMIT)
    return SlackMessage(text=plain, blocks=[section(text)])


def plain_message(text: str) -> SlackMessage:
    return SlackMessage(text=text, blocks=[section(text)])
