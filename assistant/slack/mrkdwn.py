"""Pure text conversions between the answer's Markdown, Slack mrkdwn and Slack's incoming markup."""

from __future__ import annotations

import re
from collections.abc import Callable

SECTION_TEXT_LIMIT = 3000

_CITATION = re.compile(r"\[(\d{1,3})\](?!\()")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)
_BOLD_MARK = "\x00"

_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_SPECIAL_MENTION = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_LABELLED_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)>")


_AUTOLINK = re.compile(r"(?i)(://|\bwww\.)")
_WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Escape Slack's three control characters, and break what Slack would auto-link.

    Text from documents (and people) then cannot form links, mentions or `<!here>` pings: a
    word joiner after the scheme's colon (or inside `www.`) keeps a URL readable but inert.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _AUTOLINK.sub(lambda m: m.group(1)[:-1] + _WORD_JOINER + m.group(1)[-1], text)


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_mrkdwn(markdown: str, citation_link: Callable[[int], str | None] | None = None) -> str:
    """Markdown answer text -> Slack mrkdwn; `[n]` markers become links when a URL is known."""
    text = escape(markdown)
    text = _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    text = _HEADING.sub(lambda m: f"{_BOLD_MARK}{m.group(1)}{_BOLD_MARK}", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _BOLD.sub(lambda m: f"{_BOLD_MARK}{m.group(2)}{_BOLD_MARK}", text)
    text = _ITALIC.sub(lambda m: f"_{m.group(1)}_", text)
    text = text.replace(_BOLD_MARK, "*")

    def marker(match: re.Match[str]) -> str:
        url = citation_link(int(match.group(1))) if citation_link else None
        return f"<{url}|[{match.group(1)}]>" if url else match.group(0)

    return _CITATION.sub(marker, text)


def question_text(slack_text: str, bot_user_id: str | None) -> str:
    """A user's Slack message -> the plain question: bot mention dropped, markup unwrapped."""
    text = slack_text
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _USER_MENTION.sub(lambda m: f"@{m.group(1)}", text)
    text = _CHANNEL_MENTION.sub(lambda m: f"#{m.group(1)}", text)
    text = _SPECIAL_MENTION.sub(lambda m: f"@{m.group(1)}", text)
    text = _LABELLED_LINK.sub(lambda m: m.group(2), text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = unescape(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def mentions(slack_text: str, user_id: str | None) -> bool:
    return bool(user_id) and re.search(rf"<@{re.escape(user_id or '')}[|>]", slack_text) is not None


def _balanced(piece: str) -> bool:
    """True when a cut after `piece` falls outside any `<...>` link or mention."""
    return piece.rfind("<") <= piece.rfind(">")


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for separator in ("\n\n", "\n", ". ", " "):
        cut = window.rfind(separator)
        while cut > 0 and not _balanced(text[:cut]):
            cut = window.rfind(separator, 0, cut)
        if cut > limit // 3:
            return cut + len(separator)
    cut = limit
    while cut > 0 and not _balanced(text[:cut]):
        cut = text.rfind("<", 0, cut)
    return cut if cut > 0 else limit


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split mrkdwn into pieces of at most `limit` characters, preferring paragraph breaks."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        head = rest[:cut].rstrip()
        if head:
            pieces.append(head)
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space with an ellipsis when it had to be shortened."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    while cut > 0 and not _balanced(text[:cut]):
        cut = text.rfind("<", 0, cut)
    return text[:cut].rstrip() + "…"
