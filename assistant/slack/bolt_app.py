"""The slack-bolt `App`: listeners for mentions, DMs, thread replies, the command and buttons."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import SecretStr
from slack_bolt import Ack, App, BoltContext, BoltResponse, Respond
from slack_sdk import WebClient

from assistant.settings import Settings
from assistant.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, SHARE
from assistant.slack.comments import COMMENT_CALLBACK, CommentFlow
from assistant.slack.flow import Responder
from assistant.slack.interactions import Interactions
from assistant.slack.mrkdwn import mentions, question_text
from assistant.slack.question import Question
from assistant.slack.store import SlackStore

logger = logging.getLogger(__name__)

COMMAND = "/review-assistant"
# Message subtypes that are still a person writing; everything else (edits, joins, bots) is ignored.
PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}


def secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def web_client(settings: Settings) -> WebClient:
    """The Slack Web API client; `SLACK_API_URL` decides where it sends requests."""
    base_url = settings.slack_api_url
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    return WebClient(token=secret(settings.slack_bot_token), base_url=base_url)


def _question(event: dict[str, Any], context: BoltContext, *, is_dm: bool) -> Question:
    ts = str(event["ts"])
    return Question(
        team=str(context.team_id or event.get("team") or ""),
        channel=str(event["channel"]),
        user=str(event.get("user") or ""),
        ts=ts,
        thread_ts=str(event.get("thread_ts") or ts),
        text=question_text(str(event.get("text") or ""), context.bot_user_id),
        is_dm=is_dm,
    )


def _from_person(event: dict[str, Any]) -> bool:
    """Not a bot (ours is dropped by bolt already), not an edit or other system subtype."""
    return (
        event.get("subtype") in PERSON_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
    )


INTERACTIVE = frozenset({"block_actions", "view_submission", "view_closed"})


def create_bolt_app(
    client: WebClient,
    signing_secret: str,
    store: SlackStore,
    responder: Responder,
    interactions: Interactions,
    *,
    workers: int = 8,
) -> App:
    """Wires the listeners; `build_slack_app` in `assistant.slack` supplies the collaborators."""
    app = App(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack"),
        logger=logging.getLogger("assistant.slack.bolt"),
    )

    @app.middleware
    def drop_redeliveries(body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Slack redelivers an event (X-Slack-Retry-Num) when unsure; its id is claimed once."""
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            if not store.claim(f"event:{event_id}"):
                logger.info("slack: event %s already taken on; not answering again", event_id)
                return BoltResponse(status=200, body="", headers={"X-Slack-No-Retry": "1"})
        trigger = body.get("trigger_id")
        if trigger and (body.get("command") or body.get("type") in INTERACTIVE):
            kind = "command" if body.get("command") else str(body.get("type"))
            if not store.claim(f"{kind}:{trigger}"):  # a replayed command or click
                logger.info("slack: %s %s already handled; not again", kind, trigger)
                return BoltResponse(status=200, body="")
        next()
        return None

    comments = CommentFlow(interactions, client)

    # Acknowledgements run in the request itself (process_before_response) and the work runs
    # lazily on the worker pool, so Slack hears back within 3 s however busy the workers are.
    def ack_now(ack: Ack) -> None:
        ack()

    def answer_mention(event: dict[str, Any], context: BoltContext) -> None:
        if _from_person(event):
            responder.answer_in_thread(_question(event, context, is_dm=False))

    def answer_message(event: dict[str, Any], context: BoltContext) -> None:
        if not _from_person(event):
            return
        if event.get("channel_type") == "im":
            responder.answer_in_thread(_question(event, context, is_dm=True))
            return
        thread_ts = event.get("thread_ts")
        text = str(event.get("text") or "")
        if not thread_ts or mentions(text, context.bot_user_id):
            return  # top-level chatter, or a mention that `app_mention` answers
        q = _question(event, context, is_dm=False)
        if responder.knows_thread(q.team, q.channel, q.thread_ts):
            responder.answer_in_thread(q)

    def ack_command(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        team = str(context.team_id or command.get("team_id") or "")
        channel = str(command.get("channel_id") or "")
        reply = interactions.command_ack_text(str(command.get("text") or ""), team, channel)
        if reply is None:
            ack()
        else:
            ack(text=reply, response_type="ephemeral")

    def answer_command(command: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        team = str(context.team_id or command.get("team_id") or "")
        user = str(command.get("user_id") or "")
        channel = str(command.get("channel_id") or "")
        interactions.answer_command(team, user, str(command.get("text") or ""), respond, channel)

    def record_feedback(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        interactions.feedback(body, action, respond)

    def open_comment_form(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        if not comments.open(body, action):  # inline: the click's trigger_id lasts 3 s
            interactions.feedback(body, action, respond)

    def comment_sent(body: dict[str, Any]) -> None:
        comments.submitted(body)

    def comment_skipped(body: dict[str, Any]) -> None:
        comments.closed(body)

    def share(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        interactions.share(user, str(action.get("value") or ""), respond)

    app.event("app_mention")(ack=ack_now, lazy=[answer_mention])
    app.event("message")(ack=ack_now, lazy=[answer_message])
    app.command(COMMAND)(ack=ack_command, lazy=[answer_command])
    app.action(FEEDBACK_UP)(ack=ack_now, lazy=[record_feedback])
    app.action(FEEDBACK_DOWN)(ack=open_comment_form, lazy=[])
    app.view_submission(COMMENT_CALLBACK)(ack=ack_now, lazy=[comment_sent])
    app.view_closed(COMMENT_CALLBACK)(ack=ack_now, lazy=[comment_skipped])
    app.action(SHARE)(ack=ack_now, lazy=[share])
    return app
