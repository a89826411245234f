"""Socket Mode: the same bolt App over a WebSocket, for workspaces without a public URL.

Run `python -m assistant.slack` with `SLACK_BOT_TOKEN` and `SLACK_APP_TOKEN` (an app-level
`xapp-` token with `connections:write`) set; no signing secret or public URL is needed.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from assistant.pipeline import Collaborators
from assistant.runtime import build_collaborators
from assistant.settings import Settings, get_settings
from assistant.slack.bolt_app import secret, web_client
from assistant.slack.factory import build_slack_app

logger = logging.getLogger(__name__)


class SlackNotConfigured(RuntimeError):
    """Socket Mode needs both the bot token and the app-level token."""


def socket_mode_handler(
    settings: Settings, collab: Collaborators | None = None
) -> SocketModeHandler:
    """A handler not yet connected: `.start()` blocks, `.connect()` returns."""
    if not (settings.slack_bot_token and settings.slack_app_token):
        raise SlackNotConfigured("Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN")
    app = build_slack_app(settings, collab or build_collaborators(settings))
    return SocketModeHandler(
        app,
        app_token=secret(settings.slack_app_token),
        web_client=WebClient(base_url=web_client(settings).base_url),
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        handler = socket_mode_handler(get_settings())
    except SlackNotConfigured as error:
        raise SystemExit(str(error)) from None
    logger.info("slack: connecting in Socket Mode")
    handler.start()
