"""Fixtures: the Slack stand-in and a real uvicorn server of the app pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from assistant.app import create_app
from assistant.settings import Settings
from tests.conftest import make_settings
from tests.slack.standin import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackSender,
    StandinSlack,
    serve,
    start_standin,
)

PUBLIC_BASE_URL = "https://review-assistant.example.org"
RATE_LIMIT = 5


@pytest.fixture(scope="module")
def standin() -> Iterator[StandinSlack]:
    slack, server = start_standin()
    yield slack
    server.shutdown()
    server.server_close()


@dataclass
class SlackService:
    """A running app with Slack configured, and a way to talk to it as Slack does."""

    app: FastAPI
    settings: Settings
    standin: StandinSlack
    sender: SlackSender

    @property
    def collab(self) -> Any:
        return self.app.state.collab


StartService = Callable[..., SlackService]


@pytest.fixture(scope="module")
def start_service(
    corpus_index: Settings, standin: StandinSlack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StartService]:
    """Starts app servers over the session index, each with its own database."""
    stops: list[Callable[[], None]] = []
    clients: list[httpx.Client] = []

    def start(index: Settings | None = None, **extra: object) -> SlackService:
        """`index`: another ingested collection's settings (default: the session corpus)."""
        db: Path = tmp_path_factory.mktemp("slackdb") / "app.db"
        values: dict[str, object] = {
            "DATABASE_URL": f"sqlite:///{db}",
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": standin.api_url,
            "SLACK_RATE_LIMIT_PER_MINUTE": RATE_LIMIT,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        }
        values.update(extra)
        base = index or corpus_index
        settings = make_settings(base.data_dir, base.corpus_dir, **values)
        app = create_app(settings)
        url, stop = serve(app)
        stops.append(stop)
        client = httpx.Client(timeout=30)
        clients.append(client)
        return SlackService(app, settings, standin, SlackSender(url, client))

    yield start
    for client in clients:
        client.close()
    for stop in stops:
        stop()


@pytest.fixture(scope="module")
def service(start_service: StartService) -> SlackService:
    """One server in the default (extractive) mode."""
    return start_service()
