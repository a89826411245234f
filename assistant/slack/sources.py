"""`/review-assistant sources …`: which documents a channel's answers come from.

Anyone may list the documents and the channel's filter; setting or clearing it is for a channel
admin: a user named in `SLACK_ADMIN_USERS`, the person who created the channel (Slack's
`conversations.info` gives its `creator`), or, in a direct message with the bot, that person.
Slack's Web API does not say who a channel's managers are to a bot, so the creator stands in.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.retrieval.filters import admits
from assistant.schemas import ChatRequest, ChatResponse, SearchFilters
from assistant.slack.flow import AskFn, EventCallback
from assistant.slack.mrkdwn import escape
from index.stored_document import StoredDocument

logger = logging.getLogger(__name__)

Documents = Callable[[], Sequence[StoredDocument]]

SOURCES_USAGE = (
    "`/review-assistant sources` lists the documents and this channel's filter. A channel "
    "admin narrows it with `/review-assistant sources set <document id> "
    'kind:"<kind>" publisher:"<publisher>"` (any of them; several of one kind widen, '
    "different kinds narrow) and lifts it with `/review-assistant sources clear`."
)
NOT_ADMIN = (
    "Only a channel admin can change which sources this channel uses: whoever created the "
    "channel, or someone the Review Assistant's administrator named."
)


class SourcesError(ValueError):
    """A `sources` command that cannot be carried out; the message says why, for the user."""


def is_sources_command(text: str) -> bool:
    return text.split(maxsplit=1)[:1] == ["sources"] if text else False


@dataclass(frozen=True)
class ChannelSourcesAccess:
    """What `sources` needs: Slack (to ask who created a channel), the configured admins and
    the indexed documents."""

    client: WebClient
    admins: Collection[str]
    documents: Documents

    def may_change(self, channel: str, user: str) -> bool:
        """A configured admin, the channel's creator, or the person in a DM with the bot."""
        if user in self.admins:
            return True
        try:
            info = self.client.conversations_info(channel=channel)
        except SlackApiError as error:
            logger.info("slack: conversations.info refused: %s", error.response.get("error"))
            return False
        found = info.get("channel") or {}
        if found.get("is_im"):
            return bool(found.get("user") == user)
        return bool(found.get("creator") == user)


def parse_filters(args: Sequence[str], documents: Sequence[StoredDocument]) -> SearchFilters:
    """`<doc id>`, `kind:<kind>` and `publisher:<publisher>` words as a filter some document
    passes; values are checked against the indexed documents (case-insensitive)."""
    ids = {d.doc_id for d in documents}
    known = {
        "kind": {d.kind.casefold(): d.kind for d in documents if d.kind},
        "publisher": {d.publisher.casefold(): d.publisher for d in documents if d.publisher},
    }
    chosen: dict[str, list[str]] = {"doc_id": [], "kind": [], "publisher": []}
    for word in args:
        key, sep, value = word.partition(":")
        if sep and key.casefold() in known:
            canonical = known[key.casefold()].get(value.strip().casefold())
            if canonical is None:
                names = ", ".join(f'"{v}"' for v in sorted(known[key.casefold()].values()))
                raise SourcesError(f"No document has {key} “{value}”. Known: {names}.")
            chosen[key.casefold()].append(canonical)
        elif word in ids:
            chosen["doc_id"].append(word)
        else:
            raise SourcesError(
                f"“{word}” is not a document id, kind:… or publisher:… — "
                "`/review-assistant sources` lists them."
            )
    if not any(chosen.values()):
        raise SourcesError(f"Say which sources. {SOURCES_USAGE}")
    unique = {k: list(dict.fromkeys(v)) or None for k, v in chosen.items()}
    filters = SearchFilters(
        doc_id=unique["doc_id"], kind=unique["kind"], publisher=unique["publisher"]
    )
    if not any(admits(d, filters) for d in documents):
        raise SourcesError("No document matches all of that together; nothing was changed.")
    return filters


def describe(filters: SearchFilters | None) -> str:
    """One line naming a filter: 'documents a, b; kind "x"'."""
    if filters is None:
        return "every document"
    parts = []
    for label, values in (
        ("documents", filters.doc_id),
        ("kind", filters.kind),
        ("publisher", filters.publisher),
    ):
        if values:
            parts.append(f"{label} " + ", ".join(f"“{escape(v)}”" for v in values))
    return "; ".join(parts)


def missing_names(filters: SearchFilters | None, documents: Sequence[StoredDocument]) -> list[str]:
    """The filter's document ids, kinds and publishers no indexed document has any more (a
    later ingest removed them); none while nothing is indexed, which is said elsewhere."""
    if filters is None or not documents:
        return []
    ids = {d.doc_id for d in documents}
    kinds = {d.kind.casefold() for d in documents}
    publishers = {d.publisher.casefold() for d in documents}
    missing = [f"`{v}`" for v in filters.doc_id or [] if v not in ids]
    missing += [f"kind “{v}”" for v in filters.kind or [] if v.casefold() not in kinds]
    missing += [
        f"publisher “{v}”" for v in filters.publisher or [] if v.casefold() not in publishers
    ]
    return missing


def stale_notice(filters: SearchFilters | None, documents: Sequence[StoredDocument]) -> str | None:
    """What to tell a channel whose filter names what the collection no longer has (plain
    text: escape it for mrkdwn); without it, answers there decline and nobody sees why."""
    missing = missing_names(filters, documents)
    if filters is None or not missing:
        return None
    if any(admits(d, filters) for d in documents):
        effect = "Answers here come only from the rest of the filter."
    else:
        effect = "Until that changes, every answer in this channel declines."
    return (
        f"This channel's sources name documents no longer in the collection: "
        f"{', '.join(missing)}. {effect} Ask a channel admin to run "
        "`/review-assistant sources clear` or set new ones."
    )


def flag_stale_sources(ask: AskFn, documents: Documents) -> AskFn:
    """`ask` whose answers carry `stale_notice` as a warning when the channel's filter names
    documents a later ingest removed."""

    def checked(
        request: ChatRequest,
        owner: str | None,
        on_event: EventCallback | None,
        thread: str | None = None,
        filters: SearchFilters | None = None,
    ) -> ChatResponse:
        response = ask(request, owner, on_event, thread, filters=filters)
        notice = stale_notice(filters, documents())
        if notice is None:
            return response
        return response.model_copy(update={"warnings": [*response.warnings, notice]})

    return checked


def listing(documents: Sequence[StoredDocument], filters: SearchFilters | None) -> str:
    """The documents, each marked ✓ when this channel's answers may use it, and the filter."""
    lines = [f"*This channel's answers come from:* {describe(filters)}", ""]
    notice = stale_notice(filters, documents)
    if notice:
        lines[1:1] = [f":warning: {escape(notice)}"]
    for d in sorted(documents, key=lambda d: d.doc_id):
        mark = "✓" if filters is None or admits(d, filters) else "✗"
        details = ", ".join(escape(v) for v in (d.kind, d.publisher, d.date) if v)
        lines.append(f"{mark} `{d.doc_id}` — {escape(d.title)} ({details})")
    if not documents:
        lines.append("No documents are indexed yet.")
    lines += ["", SOURCES_USAGE]
    return "\n".join(lines)


def sources_reply(
    text: str,
    *,
    channel_filters: SearchFilters | None,
    documents: Sequence[StoredDocument],
    may_change: Callable[[], bool],
) -> tuple[str, SearchFilters | None, bool]:
    """(reply, new filter, whether to store it) for `sources …` in one channel.

    Raises `SourcesError` (a message for the user) for bad words or a non-admin's change.
    """
    try:
        words = shlex.split(text)[1:]
    except ValueError as exc:
        raise SourcesError(f"Unbalanced quotes: {exc}.") from exc
    action = words[0].casefold() if words else "list"
    if action == "list":
        return listing(documents, channel_filters), channel_filters, False
    if action not in ("set", "clear"):
        raise SourcesError(SOURCES_USAGE)
    if not may_change():
        raise SourcesError(NOT_ADMIN)
    if action == "clear":
        return "Filter cleared: this channel's answers come from every document.", None, True
    filters = parse_filters(words[1:], documents)
    shown = sum(admits(d, filters) for d in documents)
    reply = (
        f"This channel's answers now come from {describe(filters)} "
        f"({shown} of {len(documents)} documents)."
    )
    return reply, filters, True
