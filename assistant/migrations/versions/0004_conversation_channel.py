"""Conversations remember where they were started (web, cli, slack, ...), so a person's web
history lists only the conversations they started there.

Earlier rows: a conversation bound to an outside thread came from Slack, one with an owner from
the signed-in web chat; the rest (no owner: sign-in off, the CLI, evaluation runs) stay unlabelled
and so are not listed in the web history.

Revision ID: 0004_conversation_channel
Revises: 0003_published_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004_conversation_channel"
down_revision: str | None = "0003_published_index"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("channel", sa.String(16), nullable=True))
        batch.create_index("ix_conversations_channel", ["channel"])
    op.execute("UPDATE conversations SET channel = 'slack' WHERE external_key IS NOT NULL")
    op.execute(
        "UPDATE conversations SET channel = 'web' WHERE channel IS NULL AND owner IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_channel")
        batch.drop_column("channel")
