"""Hardening: one stored turn per (conversation, seq), one feedback per user and message,
users that can be disabled, server-side sessions, API tokens and the audit log.

Duplicate `seq` values left by concurrent turns before this revision are renumbered in stored
order, and duplicate feedback keeps the latest vote, so the unique indexes can be created.

Revision ID: 0002_hardening
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_hardening"
down_revision: str | None = "0001_baseline"
branch_labels: str | None = None
depends_on: str | None = None

NOW = sa.DateTime(timezone=True)


def _renumber_turns(bind: sa.Connection) -> None:
    clashing = bind.execute(
        sa.text(
            "SELECT DISTINCT conversation_id FROM messages "
            "GROUP BY conversation_id, seq HAVING COUNT(*) > 1"
        )
    ).scalars()
    for conversation_id in list(clashing):
        rows = bind.execute(
            sa.text(
                "SELECT id FROM messages WHERE conversation_id = :c "
                "ORDER BY seq, created_at, CASE role WHEN 'user' THEN 0 ELSE 1 END"
            ),
            {"c": conversation_id},
        ).scalars()
        for seq, message_id in enumerate(list(rows)):
            bind.execute(
                sa.text("UPDATE messages SET seq = :s WHERE id = :i"), {"s": seq, "i": message_id}
            )


def _dedupe_feedback(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            'SELECT id, message_id, "user" FROM feedback WHERE "user" IS NOT NULL '
            "ORDER BY created_at DESC"
        )
    ).all()
    seen: set[tuple[str, str]] = set()
    for feedback_id, message_id, user in rows:
        if (message_id, user) in seen:
            bind.execute(sa.text("DELETE FROM feedback WHERE id = :i"), {"i": feedback_id})
        seen.add((message_id, user))


def upgrade() -> None:
    bind = op.get_bind()
    _renumber_turns(bind)
    op.create_index(
        "uq_messages_conversation_seq", "messages", ["conversation_id", "seq"], unique=True
    )
    _dedupe_feedback(bind)
    op.create_index("uq_feedback_message_user", "feedback", ["message_id", "user"], unique=True)
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("last_seen_at", NOW, nullable=False),
        sa.Column("expires_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_index("ix_user_sessions_expires_at", "user_sessions", ["expires_at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("last_used_at", NOW, nullable=True),
        sa.Column("revoked_at", NOW, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", NOW, nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(320), nullable=True),
        sa.Column("subject", sa.String(320), nullable=True),
        sa.Column("ip", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_event", "audit_log", ["event"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("api_tokens")
    op.drop_table("user_sessions")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled")
    op.drop_index("uq_feedback_message_user", "feedback")
    op.drop_index("uq_messages_conversation_seq", "messages")
