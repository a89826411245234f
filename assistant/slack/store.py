"""Slack's own records: event ids taken on (retries never answer twice), shareable answers, and
each channel's source filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Engine, String, Text, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base
from assistant.schemas import ChatResponse, SearchFilters

SEEN_RETENTION = timedelta(days=2)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class SeenKey(Base):
    """An event id (or message key) already taken on; its primary key makes the claim atomic."""

    __tablename__ = "slack_seen"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)


class SharedAnswer(Base):
    """An ephemeral (slash command) answer kept so "Share in channel" can post it later."""

    __tablename__ = "slack_answers"

    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    response_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class ChannelSources(Base):
    """The sources a channel's answers come from, set by a channel admin (`sources set`)."""

    __tablename__ = "slack_channel_sources"

    team_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    filters_json: Mapped[str] = mapped_column(Text)  # a SearchFilters
    set_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class SlackStore:
    """Database access for the Slack channel (SQLite by default, any SQLAlchemy URL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        tables = [SeenKey.__table__, SharedAnswer.__table__, ChannelSources.__table__]
        Base.metadata.create_all(engine, tables=tables, checkfirst=True)  # type: ignore[arg-type]
        self._claims = 0

    def claim(self, key: str) -> bool:
        """True the first time `key` is claimed, in this process or any other; False after."""
        try:
            with Session(self.engine) as session, session.begin():
                session.add(SeenKey(key=key[:255]))
        except IntegrityError:
            return False
        self._claims += 1
        if self._claims % 500 == 0:
            self.prune()
        return True

    def prune(self, older_than: timedelta = SEEN_RETENTION) -> None:
        """Forget claims older than Slack's retry horizon."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SeenKey).where(SeenKey.created_at < _now() - older_than))

    def save_answer(self, user_id: str, question: str, response: ChatResponse) -> None:
        with Session(self.engine) as session, session.begin():
            session.merge(
                SharedAnswer(
                    message_id=response.message_id,
                    user_id=user_id,
                    question=question,
                    response_json=response.model_dump_json(),
                )
            )

    def load_answer(self, message_id: str) -> tuple[str, str, ChatResponse] | None:
        """(user id, question, response) of a saved answer, or None."""
        with Session(self.engine) as session:
            row = session.scalar(select(SharedAnswer).where(SharedAnswer.message_id == message_id))
            if row is None:
                return None
            response = ChatResponse.model_validate_json(row.response_json)
            return row.user_id, row.question, response

    def channel_filters(self, team: str, channel: str) -> SearchFilters | None:
        """The filter set for a channel, or None (every document)."""
        with Session(self.engine) as session:
            row = session.get(ChannelSources, (team, channel))
            return None if row is None else SearchFilters.model_validate_json(row.filters_json)

    def set_channel_filters(
        self, team: str, channel: str, filters: SearchFilters | None, user: str
    ) -> None:
        """Sets (or with None clears) a channel's filter."""
        with Session(self.engine) as session, session.begin():
            if filters is None:
                session.execute(
                    delete(ChannelSources).where(
                        ChannelSources.team_id == team, ChannelSources.channel_id == channel
                    )
                )
                return
            session.merge(
                ChannelSources(
                    team_id=team,
                    channel_id=channel,
                    filters_json=filters.model_dump_json(exclude_none=True),
                    set_by=user,
                    updated_at=_now(),
                )
            )
