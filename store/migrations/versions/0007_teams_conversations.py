"""teams conversations

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 07:59:04.223132

Teams' conversation references (where to send: a 1:1 chat, a channel, at its serviceUrl),
the state of cards with buttons, and room in plans.channel for "teams:<conversation id>".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_cards",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("view", sa.JSON(), nullable=False),
        sa.Column("done", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_cards")),
    )
    with op.batch_alter_table("teams_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_cards_created_at"), ["created_at"], unique=False)

    op.create_table(
        "teams_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("service_url", sa.String(length=400), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_conversations")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_teams_conversations_conversation_id")),
    )
    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.create_index("ix_teams_conversations_user", ["tenant_id", "user_id"], unique=False)

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.alter_column(
            "channel",
            existing_type=sa.VARCHAR(length=64),
            type_=sa.String(length=200),
            existing_nullable=True,
        )


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.alter_column(
            "channel",
            existing_type=sa.String(length=200),
            type_=sa.VARCHAR(length=64),
            existing_nullable=True,
        )

    with op.batch_alter_table("teams_conversations", schema=None) as batch_op:
        batch_op.drop_index("ix_teams_conversations_user")
    op.drop_table("teams_conversations")

    with op.batch_alter_table("teams_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_cards_created_at"))
    op.drop_table("teams_cards")
