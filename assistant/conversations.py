"""Conversations and their turns, stored through SQLAlchemy; a conversation belongs to its owner."""

from __future__ import annotations

import json
import threading
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Engine, ForeignKey, Index, String, Text, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assistant.answering import Turn
from assistant.db import Base, write
from assistant.security.pii import redact

TITLE_CHARS = 80
WEB_CHANNEL = "web"  # conversations started over the HTTP API, listed in the web chat's history
CLI_CHANNEL = "cli"


class ConversationNotFound(LookupError):
    """No such conversation for this owner (another owner's conversation is 'not found' too)."""


def _now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200))
    external_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Where it was started ("web", "cli", ...): a person's web history lists only "web" ones.
    channel: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.seq"
    )


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("uq_messages_conversation_seq", "conversation_id", "seq", unique=True),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column()
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    search_query: Mapped[str | None] = mapped_column(Text)
    response_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    @property
    def response(self) -> dict[str, Any] | None:
        return json.loads(self.response_json) if self.response_json else None


def title_from(message: str) -> str:
    """A one-line title with personal data redacted."""
    flat = " ".join(redact(message).text.split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """Every read and write of conversations goes through here."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._locks_guard = threading.Lock()

    @contextmanager
    def serialised(self, conversation_id: str | None) -> Iterator[None]:
        """Hold the conversation's turn lock: one turn at a time reads history and appends.

        Within a process this orders turns; across processes the unique (conversation, seq)
        key and the retry in `add_exchange` keep every turn, in the order it was stored.
        """
        if conversation_id is None:
            yield
            return
        with self._locks_guard:
            lock = self._locks.get(conversation_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[conversation_id] = lock
        with lock:
            yield

    def history(self, conversation_id: str | None, owner: str | None) -> list[Turn]:
        """The earlier turns of the owner's conversation ([] for a new one).

        Raises `ConversationNotFound` for an unknown or someone else's conversation.
        """
        if conversation_id is None:
            return []
        with Session(self.engine) as session:
            self._owned(session, conversation_id, owner)
        return self.turns(conversation_id)

    def _owned(self, session: Session, conversation_id: str, owner: str | None) -> Conversation:
        conv = session.get(Conversation, conversation_id)
        if conv is None or conv.owner != owner:
            raise ConversationNotFound(f"conversation {conversation_id!r} not found")
        return conv

    def ensure(self, conversation_id: str | None, owner: str | None, first_message: str) -> str:
        """The id of an existing conversation of this owner, or of a new one."""

        def work(session: Session) -> str:
            if conversation_id is not None:
                return self._owned(session, conversation_id, owner).id
            conv = Conversation(id=new_id(), owner=owner, title=title_from(first_message))
            session.add(conv)
            return conv.id

        return write(self.engine, work)

    def turns(self, conversation_id: str) -> list[Turn]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.seq)
            )
            return [Turn(r.role, r.content, r.search_query) for r in rows]  # type: ignore[arg-type]

    def add_exchange(
        self,
        conversation_id: str,
        question: str,
        search_query: str | None,
        answer: str,
        response: dict[str, Any],
        message_id: str,
        *,
        owner: str | None = None,
        create: bool = False,
        channel: str | None = None,
        external_key: str | None = None,
    ) -> str:
        """Store the user's turn and the answer together, in one retried write transaction.

        With `create`, `conversation_id` is a new id made for this turn, and the conversation
        is created in the same transaction (owned by `owner`, titled from the question, started
        in `channel`, bound to an outside thread's `external_key`): no empty conversations. If
        another turn bound that key first, this one joins its conversation. Returns the
        conversation's id.
        """

        def work(session: Session) -> str:
            # a new id names no conversation yet: no lookup (~0.5 ms of ORM work a turn)
            conv = None if create else session.get(Conversation, conversation_id)
            if conv is None and create and external_key is not None:
                conv = session.scalar(
                    select(Conversation).where(Conversation.external_key == external_key)
                )
            # Rows go in as plain INSERTs, not ORM objects: the unit of work's flush cost about
            # as much again as the statements (~1 ms a turn).
            if conv is None and create:  # its first turn: no messages to count
                conv_id, seq = conversation_id, 0
                session.execute(insert(Conversation), [{
                    "id": conv_id, "owner": owner, "title": title_from(question),
                    "channel": channel, "external_key": external_key,
                }])  # fmt: skip
            elif conv is None:
                raise ConversationNotFound(f"conversation {conversation_id!r} not found")
            else:
                conv_id = conv.id
                last = session.scalar(
                    select(func.max(Message.seq)).where(Message.conversation_id == conv_id)
                )
                seq = 0 if last is None else last + 1
                conv.updated_at = _now()
            stored = (
                {**response, "conversation_id": conv_id}
                if "conversation_id" in response
                else response
            )
            session.execute(insert(Message), [
                {"conversation_id": conv_id, "seq": seq, "role": "user", "content": question,
                 "search_query": search_query},
                {"id": message_id, "conversation_id": conv_id, "seq": seq + 1,
                 "role": "assistant", "content": answer,
                 "response_json": json.dumps(stored)},
            ])  # fmt: skip
            return conv_id

        return write(self.engine, work, retry_integrity=True)

    def get(self, conversation_id: str, owner: str | None) -> dict[str, Any]:
        with Session(self.engine) as session:
            conv = self._owned(session, conversation_id, owner)
            return {
                "conversation_id": conv.id,
                "title": conv.title,
                "created_at": conv.created_at.isoformat(),
                "updated_at": conv.updated_at.isoformat(),
                "messages": [
                    {
                        "message_id": m.id,
                        "role": m.role,
                        "content": m.content,
                        "created_at": m.created_at.isoformat(),
                        "response": m.response,
                    }
                    for m in conv.messages
                ],
            }

    def list(
        self, owner: str | None, limit: int = 100, channel: str | None = None
    ) -> list[dict[str, Any]]:
        """The owner's conversations, newest first; with `channel`, only those started there."""
        with Session(self.engine) as session:
            query = select(Conversation).where(
                Conversation.owner == owner if owner is not None else Conversation.owner.is_(None)
            )
            if channel is not None:
                query = query.where(Conversation.channel == channel)
            rows = session.scalars(query.order_by(Conversation.updated_at.desc()).limit(limit))
            return [
                {
                    "conversation_id": c.id,
                    "title": c.title,
                    "created_at": c.created_at.isoformat(),
                    "updated_at": c.updated_at.isoformat(),
                }
                for c in rows
            ]

    def rename(self, conversation_id: str, owner: str | None, title: str) -> None:
        def work(session: Session) -> None:
            self._owned(session, conversation_id, owner).title = title_from(title)

        write(self.engine, work)

    def delete(self, conversation_id: str, owner: str | None) -> None:
        def work(session: Session) -> None:
            session.delete(self._owned(session, conversation_id, owner))

        write(self.engine, work)

    def id_for_external_key(self, key: str) -> str | None:
        """The conversation bound to an outside thread (e.g. a Slack thread), if any."""
        with Session(self.engine) as session:
            return session.scalar(select(Conversation.id).where(Conversation.external_key == key))

    def bind_external_key(self, conversation_id: str, key: str) -> None:
        def work(session: Session) -> None:
            conv = session.get(Conversation, conversation_id)
            if conv is None:
                raise ConversationNotFound(f"conversation {conversation_id!r} not found")
            conv.external_key = key

        write(self.engine, work)

    def message_exists(self, message_id: str) -> bool:
        with Session(self.engine) as session:
            return session.get(Message, message_id) is not None
