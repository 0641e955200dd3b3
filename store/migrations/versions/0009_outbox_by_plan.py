"""outbox by plan

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 11:00:00.000000

Every sweep asks, for each plan, when its last digest was queued and which of its messages
failed unreported: without an index on the plan each question read the whole outbox, which
keeps every message ever sent, so a sweep grew with plans times history.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_plan_kind", ["plan_id", "kind", "created_at"])
        batch_op.create_index("ix_outbox_plan_state", ["plan_id", "state"])


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_plan_state")
        batch_op.drop_index("ix_outbox_plan_kind")
