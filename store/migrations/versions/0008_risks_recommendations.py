"""risks and recommendations: the risk register and the findings a plan answers

New tables: risks (with their mitigating actions, risk_actions), recommendations (with the
actions that answer them, action_recommendations). A risk's history goes in updates and
changes like an action's, so both gain a risk_id.

Existing free-text sources ("Ofsted recommendation 3") are not linked here: no plan has any
recommendations yet when this runs, so there is nothing to link to. Linking is an idempotent
step (store.recommendations.link_sources) run whenever recommendations are added and at each
plan import, which reaches every existing plan the first time its findings are entered.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 08:28:16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("sort_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_recommendations_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_recommendations_plan_id")),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendations_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("consequence", sa.Text(), nullable=True),
        sa.Column("controls", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("inherent", sa.String(length=8), nullable=True),
        sa.Column("current", sa.String(length=8), nullable=True),
        sa.Column("target", sa.String(length=8), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("review_every", sa.String(length=8), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("latest_note", sa.Text(), nullable=True),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_risks_owner_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_risks_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
        sa.UniqueConstraint("plan_id", "code", name=op.f("uq_risks_plan_id")),
    )
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risks_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_risks_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "action_recommendations",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_action_recommendations_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_action_recommendations_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "action_id", "recommendation_id", name=op.f("pk_action_recommendations")
        ),
    )
    op.create_table(
        "risk_actions",
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_risk_actions_action_id_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"],
            ["risks.id"],
            name=op.f("fk_risk_actions_risk_id_risks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("risk_id", "action_id", name=op.f("pk_risk_actions")),
    )
    # A risk's history goes in updates and changes, like an action's. On SQLite a batch
    # copies each table; env.py turns foreign keys off while it runs, or dropping the old
    # updates table would cascade to every change.
    for table in ("updates", "changes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("risk_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_risk_id"), ["risk_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_risk_id_risks"),
                "risks",
                ["risk_id"],
                ["id"],
                ondelete="CASCADE",
            )


def downgrade() -> None:
    for table in ("changes", "updates"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_risk_id_risks"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_risk_id"))
            batch_op.drop_column("risk_id")

    op.drop_table("risk_actions")
    op.drop_table("action_recommendations")
    with op.batch_alter_table("risks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risks_plan_id"))
        batch_op.drop_index(batch_op.f("ix_risks_owner_id"))

    op.drop_table("risks")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_plan_id"))

    op.drop_table("recommendations")
