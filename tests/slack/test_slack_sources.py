"""`/review-assistant sources …`: a channel admin narrows the channel's sources, over the real
endpoint; every answer in that channel (slash command or mention) then cites only those."""

from __future__ import annotations

import time
from typing import Any

import pytest

from assistant.settings import Settings
from assistant.slack.sources import NOT_ADMIN
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import make_settings
from tests.slack.conftest import SlackService, StartService
from tests.slack.standin import BOT_USER, TEAM, block_text, new_ts

pytestmark = [pytest.mark.slack, pytest.mark.integration]

CHANNEL, CREATOR, CONFIGURED_ADMIN = "CSOURCES", "UCREATOR", "UADMIN"
QUESTION = "What are the main recommendations?"


@pytest.fixture(scope="module")
def service(start_service: StartService) -> SlackService:
    running = start_service(SLACK_ADMIN_USERS=f"{CONFIGURED_ADMIN},UOTHERADMIN")
    running.standin.channel_creators.update({CHANNEL: CREATOR, "DPRIVATE": "UDM"})
    return running


def command(service: SlackService, text: str, user: str, channel: str = CHANNEL) -> Any:
    """Runs the slash command; returns (immediate ack body, the delayed ephemeral reply)."""
    hook = f"src-{time.time_ns()}"
    ack = service.sender.form(
        {
            "team_id": TEAM,
            "channel_id": channel,
            "user_id": user,
            "command": "/review-assistant",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": service.standin.hook_url(hook),
            "trigger_id": f"1.2.{time.time_ns()}",
        }
    )
    assert ack.status_code == 200, ack.text
    return ack, hook


def reply(service: SlackService, text: str, user: str, channel: str = CHANNEL) -> str:
    """The text of the ephemeral reply that follows a `sources` command."""
    _, hook = command(service, text, user, channel)
    [answer] = service.standin.wait_for(f"hooks/{hook}")
    assert answer.params["response_type"] == "ephemeral"
    return str(answer.params["text"])


def documents(service: SlackService) -> dict[str, Any]:
    return service.collab.retriever.state().generation.documents


def cited_titles(service: SlackService, blocks: list[dict[str, Any]]) -> set[str]:
    shown = block_text(blocks)
    return {d.title for d in documents(service).values() if d.title in shown}


def test_anyone_can_list_the_documents_and_the_channels_filter(service: SlackService) -> None:
    text = reply(service, "sources", "UANYONE")
    assert "answers come from:* every document" in text
    for doc_id in documents(service):
        assert f"✓ `{doc_id}`" in text
    assert "sources set" in text and "sources clear" in text


def test_only_a_channel_admin_may_change_the_sources(service: SlackService) -> None:
    assert reply(service, "sources set kind:commentary", "USOMEONE") == NOT_ADMIN
    assert reply(service, "sources clear", "USOMEONE") == NOT_ADMIN
    assert "every document" in reply(service, "sources", "USOMEONE")
    # A DM's own person may set its sources; nobody else may set theirs.
    assert reply(service, "sources set kind:commentary", "UNOTDM", "DPRIVATE") == NOT_ADMIN
    assert "now come from kind “commentary”" in reply(
        service, "sources set kind:commentary", "UDM", "DPRIVATE"
    )


def test_bad_sources_are_explained_and_change_nothing(service: SlackService) -> None:
    unknown_kind = reply(service, "sources set kind:nonsense", CREATOR, "CBAD")
    assert unknown_kind.startswith("Only a channel admin")  # CBAD has no known creator
    unknown_kind = reply(service, "sources set kind:nonsense", CONFIGURED_ADMIN, "CBAD")
    assert "No document has kind “nonsense”" in unknown_kind and '"commentary"' in unknown_kind
    assert "is not a document id" in reply(service, "sources set no-such-doc", CONFIGURED_ADMIN)
    assert "Unbalanced quotes" in reply(service, 'sources set kind:"open', CONFIGURED_ADMIN)
    assert "every document" in reply(service, "sources", CONFIGURED_ADMIN, "CBAD")


def test_a_filter_set_by_the_creator_narrows_every_answer_and_shows_in_help(
    service: SlackService,
) -> None:
    all_docs = documents(service).values()
    allowed = {d.title for d in all_docs if d.kind == "commentary"}
    assert allowed and allowed != {d.title for d in all_docs}

    _, before_hook = command(service, QUESTION, "UASKER", "CUNFILTERED")
    [before] = service.standin.wait_for(f"hooks/{before_hook}")
    assert cited_titles(service, before.params["blocks"]) - allowed  # others cited unfiltered

    set_reply = reply(service, 'sources set kind:"Commentary"', CREATOR)
    shares = f"({len(allowed)} of {len(all_docs)} documents)"
    assert "now come from kind “commentary”" in set_reply and shares in set_reply

    ack, hook = command(service, QUESTION, "UASKER")
    [answer] = service.standin.wait_for(f"hooks/{hook}")
    cited = cited_titles(service, answer.params["blocks"])
    assert cited and cited <= allowed

    ts = new_ts()  # a mention in the channel is answered from the same sources
    event = {"type": "app_mention", "user": "UMENTION", "text": f"<@{BOT_USER}> {QUESTION}",
             "ts": ts, "channel": CHANNEL, "event_ts": ts}  # fmt: skip
    service.sender.event(event, f"Ev{ts}")
    [post] = service.standin.wait_for("chat.postMessage", channel=CHANNEL, thread_ts=ts)
    cited = cited_titles(service, post.params["blocks"])
    assert cited and cited <= allowed

    help_ack, _ = command(service, "help", "UASKER")
    assert "In this channel answers come from kind “commentary”" in help_ack.json()["text"]
    listed = reply(service, "sources", "UASKER")
    assert all(f"✓ `{d.doc_id}`" in listed for d in all_docs if d.kind == "commentary")
    assert all(f"✗ `{d.doc_id}`" in listed for d in all_docs if d.kind != "commentary")

    assert "every document" in reply(service, "sources clear", CONFIGURED_ADMIN)
    help_ack, _ = command(service, "help", "UASKER")
    assert "In this channel answers come from every document" in help_ack.json()["text"]


STAYING = """# Workforce plan

The workforce plan sets out how the trust will recruit two hundred nurses by March 2026.

Recruitment will focus on community nursing teams and on retaining experienced staff."""
RETIRING = """# Estates strategy

The estates strategy commits the trust to closing two outpatient buildings by June 2027.

The buildings will be sold and the money reinvested in a new day surgery unit."""
MANIFEST = """documents:
  - id: workforce-plan
    file: workforce-plan.md
    title: Workforce plan
    publisher: Example Trust
    date: "2024-01"
    kind: plan
  - id: estates-strategy
    file: estates-strategy.md
    title: Estates strategy
    publisher: Example Trust
    date: "2024-02"
    kind: strategy
"""
STALE = "This channel's sources name documents no longer in the collection: `estates-strategy`."
ASK_ADMIN = "Ask a channel admin to run `/review-assistant sources clear` or set new ones."


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """A two-document collection of its own, so a later ingest can remove one."""
    corpus = tmp_path_factory.mktemp("two-docs")
    (corpus / "workforce-plan.md").write_text(STAYING, encoding="utf-8")
    (corpus / "estates-strategy.md").write_text(RETIRING, encoding="utf-8")
    (corpus / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("two-docs-index"), corpus)
    run_ingest(None, settings, embedder=embedder)
    return settings


def test_sources_a_later_ingest_removed_are_named_in_help_listing_and_answers(
    start_service: StartService, collection: Settings, embedder: Embedder
) -> None:
    service = start_service(collection, SLACK_ADMIN_USERS=CONFIGURED_ADMIN)
    channel, question = "CSTALE", "When will the outpatient buildings close?"
    set_reply = reply(service, "sources set estates-strategy", CONFIGURED_ADMIN, channel)
    assert "now come from documents “estates-strategy” (1 of 2 documents)" in set_reply
    help_ack, _ = command(service, "help", "UASKER", channel)
    assert STALE not in help_ack.json()["text"]

    # A later ingest without the document: the stored filter now names nothing indexed.
    (collection.corpus_dir / "estates-strategy.md").unlink()
    kept = MANIFEST.split("  - id: estates-strategy")[0]
    (collection.corpus_dir / "manifest.yaml").write_text(kept, encoding="utf-8")
    run_ingest(None, collection, embedder=embedder)
    assert set(documents(service)) == {"workforce-plan"}

    help_text = command(service, "help", "UASKER", channel)[0].json()["text"]
    listed = reply(service, "sources", "UASKER", channel)
    for shown in (help_text, listed):
        assert STALE in shown and ASK_ADMIN in shown
        assert "every answer in this channel declines" in shown

    _, hook = command(service, question, "UASKER", channel)
    [answer] = service.standin.wait_for(f"hooks/{hook}")
    shown = block_text(answer.params["blocks"])
    assert "couldn't answer" in shown and STALE in shown and ASK_ADMIN in shown

    ts = new_ts()  # a mention is told the same in its thread
    event = {"type": "app_mention", "user": "UMENTION", "text": f"<@{BOT_USER}> {question}",
             "ts": ts, "channel": channel, "event_ts": ts}  # fmt: skip
    service.sender.event(event, f"Ev{ts}")
    [post] = service.standin.wait_for("chat.postMessage", channel=channel, thread_ts=ts)
    assert STALE in block_text(post.params["blocks"])

    # Elsewhere (no filter) and once the filter is cleared, nothing is said about it.
    assert STALE not in reply(service, "sources", "UASKER", "COTHER")
    assert "every document" in reply(service, "sources clear", CONFIGURED_ADMIN, channel)
    assert STALE not in command(service, "help", "UASKER", channel)[0].json()["text"]
