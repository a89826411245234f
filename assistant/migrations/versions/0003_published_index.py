"""Published index generations: files, and the pointer API hosts follow (index.published).

Revision ID: 0003_published_index
Revises: 0002_hardening
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003_published_index"
down_revision: str | None = "0002_hardening"
branch_labels: str | None = None
depends_on: str | None = None

NOW = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "index_generations",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("published_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "index_files",
        sa.Column("generation", sa.String(64), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["generation"], ["index_generations.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("generation", "path"),
    )
    op.create_table(
        "index_current",
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("generation", sa.String(64), nullable=False),
        sa.Column("published_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(["generation"], ["index_generations.name"]),
        sa.PrimaryKeyConstraint("slot"),
    )


def downgrade() -> None:
    op.drop_table("index_current")
    op.drop_table("index_files")
    op.drop_table("index_generations")
