"""Baseline: the tables `create_all` made before migrations existed.

A table that already exists (a database made by `create_all`) is left as it is, so an old
database is adopted at this revision instead of failing on "table already exists".

Revision ID: 0001_baseline
Revises:
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

NOW = sa.DateTime(timezone=True)


def _tables() -> list[tuple[str, list[Any], list[tuple[str, str, bool]]]]:
    """(table, columns and constraints, indexes as (name, column, unique)) in dependency order."""
    return [
        (
            "conversations",
            [
                sa.Column("id", sa.String(64), nullable=False),
                sa.Column("owner", sa.String(200), nullable=True),
                sa.Column("title", sa.String(200), nullable=False),
                sa.Column("external_key", sa.String(200), nullable=True),
                sa.Column("created_at", NOW, nullable=False),
                sa.Column("updated_at", NOW, nullable=False),
                sa.PrimaryKeyConstraint("id"),
                sa.UniqueConstraint("external_key"),
            ],
            [("ix_conversations_owner", "owner", False)],
        ),
        (
            "slack_answers",
            [
                sa.Column("message_id", sa.String(64), nullable=False),
                sa.Column("user_id", sa.String(64), nullable=False),
                sa.Column("question", sa.Text(), nullable=False),
                sa.Column("response_json", sa.Text(), nullable=False),
                sa.Column("created_at", sa.DateTime(), nullable=False),
                sa.PrimaryKeyConstraint("message_id"),
            ],
            [],
        ),
        (
            "slack_seen",
            [
                sa.Column("key", sa.String(255), nullable=False),
                sa.Column("created_at", sa.DateTime(), nullable=False),
                sa.PrimaryKeyConstraint("key"),
            ],
            [("ix_slack_seen_created_at", "created_at", False)],
        ),
        (
            "users",
            [
                sa.Column("id", sa.String(64), nullable=False),
                sa.Column("email", sa.String(320), nullable=False),
                sa.Column("name", sa.String(200), nullable=False),
                sa.Column("password_hash", sa.String(200), nullable=False),
                sa.Column("is_admin", sa.Boolean(), nullable=False),
                sa.Column("created_at", NOW, nullable=False),
                sa.PrimaryKeyConstraint("id"),
            ],
            [("ix_users_email", "email", True)],
        ),
        (
            "messages",
            [
                sa.Column("id", sa.String(64), nullable=False),
                sa.Column("conversation_id", sa.String(64), nullable=False),
                sa.Column("seq", sa.Integer(), nullable=False),
                sa.Column("role", sa.String(16), nullable=False),
                sa.Column("content", sa.Text(), nullable=False),
                sa.Column("search_query", sa.Text(), nullable=True),
                sa.Column("response_json", sa.Text(), nullable=True),
                sa.Column("created_at", NOW, nullable=False),
                sa.ForeignKeyConstraint(
                    ["conversation_id"], ["conversations.id"], ondelete="CASCADE"
                ),
                sa.PrimaryKeyConstraint("id"),
            ],
            [("ix_messages_conversation_id", "conversation_id", False)],
        ),
        (
            "feedback",
            [
                sa.Column("id", sa.String(64), nullable=False),
                sa.Column("message_id", sa.String(64), nullable=False),
                sa.Column("rating", sa.String(8), nullable=False),
                sa.Column("comment", sa.Text(), nullable=True),
                sa.Column("source", sa.String(16), nullable=False),
                sa.Column("user", sa.String(200), nullable=True),
                sa.Column("created_at", NOW, nullable=False),
                sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="CASCADE"),
                sa.PrimaryKeyConstraint("id"),
            ],
            [("ix_feedback_message_id", "message_id", False)],
        ),
    ]


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, items, indexes in _tables():
        if name in existing:
            continue
        op.create_table(name, *items)
        for index, column, unique in indexes:
            op.create_index(index, name, [column], unique=unique)


def downgrade() -> None:
    for name, _items, _indexes in reversed(_tables()):
        op.drop_table(name)
