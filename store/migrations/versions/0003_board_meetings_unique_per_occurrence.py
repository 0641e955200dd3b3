"""board meetings unique per occurrence

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:38:27.911106
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A series occurrence is materialised once, even by two replicas at the same instant.
    with op.batch_alter_table("board_meetings", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_board_meetings_series_id"), ["series_id", "occurrence"]
        )


def downgrade() -> None:
    with op.batch_alter_table("board_meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_board_meetings_series_id"), type_="unique")
