"""people roles: everyone a plan names holds a role in it

Owners and delegates are now refused unless they are in the plan, so anyone a plan already
names must be in it: every theme lead gets at least the theme lead role, and every owner of
an action or KPI at least the owner role, in that plan. Data only; the schema is unchanged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, column naming the person, role they need) — the strongest first, so a theme lead
# who also owns actions is added as a theme lead.
NAMED = (
    ("themes", "lead_id", "theme_lead"),
    ("actions", "owner_id", "owner"),
    ("kpis", "owner_id", "owner"),
)


def upgrade() -> None:
    for table, column, role in NAMED:
        op.execute(
            f"""
            INSERT INTO memberships (plan_id, person_id, role)
            SELECT DISTINCT t.plan_id, t.{column}, '{role}'
            FROM {table} t
            WHERE t.{column} IS NOT NULL
              AND NOT EXISTS (
                SELECT 1 FROM memberships m
                WHERE m.plan_id = t.plan_id AND m.person_id = t.{column}
              )
            """  # noqa: S608 (constants above, no user input)
        )
    # A theme lead recorded only as an owner or viewer is raised to theme lead.
    op.execute(
        """
        UPDATE memberships SET role = 'theme_lead'
        WHERE role IN ('owner', 'viewer')
          AND EXISTS (
            SELECT 1 FROM themes t
            WHERE t.plan_id = memberships.plan_id AND t.lead_id = memberships.person_id
          )
        """
    )


def downgrade() -> None:
    # The memberships added are true of the data either way; nothing to undo.
    pass
