"""Retention: conversations (with their feedback), Slack records, ended sessions and audit
events older than a cut-off are deleted, and the space is reclaimed (SQLite overwrites deleted
content — `secure_delete` is on — then VACUUM; PostgreSQL VACUUM).

`review-assistant purge --older-than 90d`, or RETENTION_DAYS at every start of `serve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, text
from sqlalchemy.orm import Session

from assistant.conversations import Conversation
from assistant.db import write
from assistant.slack.store import SeenKey, SharedAnswer
from assistant.tables import AuditEvent, UserSession

UNITS = {"d": "days", "h": "hours", "w": "weeks"}


class RetentionError(ValueError):
    """A duration that cannot be read."""


def parse_age(value: str) -> timedelta:
    """`90d`, `12h` or `2w` -> a timedelta."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*([dhw])\s*", value.lower())
    if not match or int(match.group(1)) == 0:
        raise RetentionError(f"{value!r} is not an age like 90d, 12h or 2w")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


@dataclass
class PurgeSummary:
    conversations: int
    slack_records: int
    sessions: int
    audit_events: int
    reclaimed: bool


def purge(engine: Engine, older_than: timedelta, *, reclaim: bool = True) -> PurgeSummary:
    """Delete what is older than `older_than` (conversations by their last turn)."""
    now = datetime.now(UTC)
    cutoff = now - older_than
    naive_cutoff = cutoff.replace(tzinfo=None)  # the Slack tables store naive UTC

    def work(session: Session) -> PurgeSummary:
        def gone(statement: object) -> int:
            return int(session.execute(statement).rowcount or 0)  # type: ignore[call-overload]

        return PurgeSummary(
            conversations=gone(delete(Conversation).where(Conversation.updated_at < cutoff)),
            slack_records=gone(delete(SeenKey).where(SeenKey.created_at < naive_cutoff))
            + gone(delete(SharedAnswer).where(SharedAnswer.created_at < naive_cutoff)),
            sessions=gone(delete(UserSession).where(UserSession.expires_at < now)),
            audit_events=gone(delete(AuditEvent).where(AuditEvent.at < cutoff)),
            reclaimed=False,
        )

    summary = write(engine, work)
    if reclaim:
        _reclaim(engine)
        summary.reclaimed = True
    return summary


def _reclaim(engine: Engine) -> None:
    """Give the freed pages back (and out of the WAL) so deleted text is not left on disk."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("VACUUM")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif engine.dialect.name == "postgresql":
            connection.execute(text("VACUUM"))
