"""Verified users on conversations, agent roles and deactivation, the audit log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("verified_user_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("user_name", sa.String(64), nullable=True))
        batch.add_column(sa.Column("user_attributes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("attributes_verified", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.create_index("ix_conversations_verified_user", ["verified_user_id"])
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="agent"))
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(40), nullable=True),
        sa.Column("handoff_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"],
                                name="fk_audit_log_agent_id_agents"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("active")
        batch.drop_column("role")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_verified_user")
        batch.drop_column("attributes_verified")
        batch.drop_column("user_attributes")
        batch.drop_column("user_name")
        batch.drop_column("verified_user_id")
