"""Feedback on answers (👍/👎 and a comment) from the web chat and Slack, and its export."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import DateTime, Engine, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.conversations import Message
from assistant.db import Base, write

Rating = Literal["up", "down"]
MAX_COMMENT = 2000


class FeedbackTargetNotFound(LookupError):
    """The message the feedback is about does not exist (or is not the caller's)."""


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (Index("uq_feedback_message_user", "message_id", "user", unique=True),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_id: Mapped[str] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    user: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def record_feedback(
    engine: Engine,
    message_id: str,
    rating: Rating,
    comment: str | None,
    source: str,
    user: str | None,
    owner: str | None = None,
    check_owner: bool = False,
) -> str:
    """Store a user's feedback on an assistant message; returns its id.

    One record per user and message: giving feedback again updates the rating (and the comment,
    when a new one is given) instead of adding a second vote.
    """
    text = (comment or "").strip()[:MAX_COMMENT] or None

    def work(session: Session) -> str:
        message = session.get(Message, message_id)
        if message is None or message.role != "assistant":
            raise FeedbackTargetNotFound(f"message {message_id!r} not found")
        if check_owner and message.conversation.owner != owner:
            raise FeedbackTargetNotFound(f"message {message_id!r} not found")
        same_user = Feedback.user == user if user is not None else Feedback.user.is_(None)
        record = session.scalar(
            select(Feedback).where(Feedback.message_id == message_id, same_user)
        )
        if record is not None:
            record.rating, record.source = rating, source
            record.comment = text if text is not None else record.comment
            record.created_at = datetime.now(UTC)
            return record.id
        record = Feedback(
            id=uuid.uuid4().hex,
            message_id=message_id,
            rating=rating,
            comment=text,
            source=source,
            user=user,
            created_at=datetime.now(UTC),
        )
        session.add(record)
        return record.id

    feedback_id = write(engine, work, retry_integrity=True)
    # Imported here: `assistant.tables` imports this module, and a cold CLI needs no metrics.
    from assistant.observability.metrics import observe_feedback

    observe_feedback(rating)
    return feedback_id


def export_feedback(engine: Engine) -> list[dict[str, Any]]:
    """Every feedback record with the question, answer, citations and earlier turns it is about."""
    rows: list[dict[str, Any]] = []
    with Session(engine) as session:
        for record in session.scalars(select(Feedback).order_by(Feedback.created_at)):
            message = session.get(Message, record.message_id)
            if message is None:
                continue
            turns = message.conversation.messages
            earlier = [m for m in turns if m.seq < message.seq]
            question = next((m.content for m in reversed(earlier) if m.role == "user"), "")
            response = json.loads(message.response_json or "{}")
            rows.append(
                {
                    "id": record.id,
                    "created_at": record.created_at.isoformat(),
                    "source": record.source,
                    "user": record.user,
                    "rating": record.rating,
                    "comment": record.comment,
                    "message_id": message.id,
                    "conversation_id": message.conversation_id,
                    "question": question,
                    "answer": message.content,
                    "refused": response.get("refused"),
                    "mode": response.get("mode"),
                    "citations": response.get("citations", []),
                    "history": [{"role": m.role, "content": m.content} for m in earlier],
                }
            )
    return rows
