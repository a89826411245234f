"""Slack channels remember the sources their answers come from (`/review-assistant sources`).

Revision ID: 0005_slack_channel_sources
Revises: 0004_conversation_channel
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005_slack_channel_sources"
down_revision: str | None = "0004_conversation_channel"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "slack_channel_sources",
        sa.Column("team_id", sa.String(64), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("filters_json", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("slack_channel_sources")
