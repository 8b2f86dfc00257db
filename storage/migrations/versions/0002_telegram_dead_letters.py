"""Telegram dead letters: updates whose handling failed, kept to be retried.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "telegram_dead_letters",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("raw_update", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_tried_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name="pk_telegram_dead_letters"),
    )
    op.create_index("ix_telegram_dead_letters_due", "telegram_dead_letters",
                    ["resolved", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_telegram_dead_letters_due", table_name="telegram_dead_letters")
    op.drop_table("telegram_dead_letters")
