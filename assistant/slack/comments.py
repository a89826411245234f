"""👎 asks what was wrong: a modal with an optional comment, stored as one feedback record.

Clicking 👎 opens the form at once (the click's `trigger_id` lasts 3 seconds). Sending it
stores the rating with the comment; closing it stores the rating alone; if the form cannot be
opened the rating is stored straight away. Either way one click makes one record.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from assistant.slack.interactions import Interactions

logger = logging.getLogger(__name__)

COMMENT_CALLBACK = "feedback_comment"
COMMENT_BLOCK = "comment"
COMMENT_LIMIT = 1000


def comment_modal(message_id: str, response_url: str | None) -> dict[str, Any]:
    """The form; `private_metadata` carries the answer's id and where to say thanks."""
    return {
        "type": "modal",
        "callback_id": COMMENT_CALLBACK,
        "notify_on_close": True,
        "title": {"type": "plain_text", "text": "What was wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "private_metadata": json.dumps({"message_id": message_id, "response_url": response_url}),
        "blocks": [
            {
                "type": "input",
                "block_id": COMMENT_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "Tell us what was wrong (optional)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": COMMENT_BLOCK,
                    "multiline": True,
                    "max_length": COMMENT_LIMIT,
                },
            }
        ],
    }


def _metadata(body: dict[str, Any]) -> tuple[str, str | None]:
    try:
        data = json.loads((body.get("view") or {}).get("private_metadata") or "{}")
    except ValueError:
        data = {}
    return str(data.get("message_id") or ""), data.get("response_url") or None


def _comment(body: dict[str, Any]) -> str | None:
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    text = ((values.get(COMMENT_BLOCK) or {}).get(COMMENT_BLOCK) or {}).get("value")
    comment = str(text or "").strip()[:COMMENT_LIMIT]
    return comment or None


class CommentFlow:
    """The 👎 button, and the modal's submission or dismissal."""

    def __init__(self, interactions: Interactions, client: WebClient) -> None:
        self.interactions = interactions
        self.client = client

    def open(self, body: dict[str, Any], action: dict[str, Any]) -> bool:
        """Opens the form; False when Slack would not (the caller then stores the 👎 alone)."""
        message_id = str(action.get("value") or "")
        try:
            self.client.views_open(
                trigger_id=str(body.get("trigger_id") or ""),
                view=comment_modal(message_id, body.get("response_url")),
            )
        except SlackApiError as error:
            logger.warning(
                "slack: could not open the comment form: %s", error.response.get("error")
            )
            return False
        return True

    def submitted(self, body: dict[str, Any]) -> None:
        message_id, response_url = _metadata(body)
        self._thank(
            response_url, self.interactions.record(body, message_id, "down", _comment(body))
        )

    def closed(self, body: dict[str, Any]) -> None:
        message_id, response_url = _metadata(body)
        self._thank(response_url, self.interactions.record(body, message_id, "down", None))

    def _thank(self, response_url: str | None, note: str) -> None:
        if not response_url:
            return
        response = WebhookClient(response_url).send(
            text=note, response_type="ephemeral", replace_original=False
        )
        if response.status_code != 200:
            logger.warning("slack: could not say thanks (HTTP %s)", response.status_code)
