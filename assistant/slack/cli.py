"""`review-assistant slack ...`: Socket Mode, the app manifest, and a token check."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from slack_sdk.errors import SlackApiError

from assistant.settings import PROJECT_ROOT, get_settings
from assistant.slack.bolt_app import web_client

MANIFEST = PROJECT_ROOT / "slack" / "manifest.yaml"
EXAMPLE_URL = "https://review-assistant.example.org"

slack_app = typer.Typer(help="The Slack bot: Socket Mode, manifest, token check.")


@slack_app.command()
def socket() -> None:
    """Run the bot in Socket Mode (SLACK_BOT_TOKEN and SLACK_APP_TOKEN; no public URL)."""
    from assistant.slack.socket_mode import SlackNotConfigured, socket_mode_handler

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
