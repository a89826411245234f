"""`review-assistant slack ...`: Socket Mode, the app manifest, and a token check."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated

import typer
from slack_sdk.errors import SlackApiError

from assistant.resources import resource
from assistant.settings import Settings, get_settings
from assistant.slack.bolt_app import secret, web_client

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from assistant.pipeline import Collaborators

MANIFEST = resource("slack/manifest.yaml")
EXAMPLE_URL = "https://review-assistant.example.org"

slack_app = typer.Typer(
    help="The Slack bot: Socket Mode, manifest, token check.", rich_markup_mode=None
)


class SlackNotConfigured(RuntimeError):
    """Socket Mode needs both the bot token and the app-level token."""


def socket_mode_handler(
    settings: Settings, collab: Collaborators | None = None
) -> SocketModeHandler:
    """A Socket Mode handler, not yet connected: `.start()` blocks, `.connect()` returns.

    The same bolt App as HTTP mode, over a WebSocket, for workspaces without a public URL;
    the app-level `xapp-` token (scope `connections:write`) replaces the signing secret.
    """
    if not (settings.slack_bot_token and settings.slack_app_token):
        raise SlackNotConfigured("Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN")
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk import WebClient

    from assistant.runtime import build_collaborators
    from assistant.slack.factory import build_slack_app

    app = build_slack_app(settings, collab or build_collaborators(settings))
    return SocketModeHandler(
        app,
        app_token=secret(settings.slack_app_token),
        web_client=WebClient(base_url=web_client(settings).base_url),
    )


@slack_app.command()
def socket() -> None:
    """Run the bot in Socket Mode (SLACK_BOT_TOKEN and SLACK_APP_TOKEN; no public URL)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        handler = socket_mode_handler(get_settings())
    except SlackNotConfigured as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from None
    typer.echo("Connecting to Slack in Socket Mode (Ctrl+C to stop)…")
    handler.start()


@slack_app.command()
def manifest(
    public_url: Annotated[
        str | None, typer.Argument(help="The service's public https base URL.")
    ] = None,
    socket_mode: Annotated[bool, typer.Option(help="A manifest for Socket Mode.")] = False,
) -> None:
    """Print the Slack app manifest with your URL filled in, to paste into api.slack.com."""
    text = MANIFEST.read_text()
    if socket_mode:
        lines = [line for line in text.splitlines() if "url: " not in line]
        text = "\n".join(lines).replace("socket_mode_enabled: false", "socket_mode_enabled: true")
        text += "\n"
    else:
        url = public_url or get_settings().public_base_url
        if not url or not url.startswith("https://"):
            typer.echo("Error: give the public https:// URL (or set PUBLIC_BASE_URL).", err=True)
            raise typer.Exit(2)
        text = text.replace(EXAMPLE_URL, url.rstrip("/"))
    typer.echo(text, nl=False)


@slack_app.command()
def check() -> None:
    """Check SLACK_BOT_TOKEN with Slack's auth.test and print who the bot is."""
    settings = get_settings()
    if not settings.slack_bot_token:
        typer.echo("Error: SLACK_BOT_TOKEN is not set.", err=True)
        raise typer.Exit(2)
    try:
        result = web_client(settings).auth_test()
    except SlackApiError as error:
        typer.echo(f"Error: Slack said {error.response.get('error')!r}.", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"OK: bot user {result['user_id']} ({result['user']}) in team {result['team']}.")
    if not settings.slack_signing_secret and not settings.slack_app_token:
        typer.echo("Note: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).")
