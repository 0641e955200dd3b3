"""Migration 0007 (risks and recommendations): an existing plan with its history upgrades to
the register, keeps everything it had, and downgrades again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, text

from store.db import alembic_config, current_revision, upgrade
from tests.store.test_migration_people_roles import ROWS, old_engine  # noqa: F401 (fixture)

HISTORY = """
INSERT INTO updates (id, plan_id, action_id, at, via, note) VALUES
  (1, 1, 1, '2026-02-01 10:00:00', 'slack', 'Backlog down to 40');
INSERT INTO changes (id, update_id, action_id, field, old, new, at) VALUES
  (1, 1, 1, 'status', 'red', 'amber', '2026-02-01 10:00:00');
"""


def _run(engine: Engine, sql: str) -> None:
    with engine.begin() as conn:
        for statement in sql.strip().split(";"):
            if statement.strip():
                conn.execute(text(statement))


def test_upgrade_keeps_the_plan_and_its_history_then_downgrades(
    old_engine: Engine,  # noqa: F811 (the fixture)
) -> None:
    """From 0006 with a plan, an action and its history: 0008 adds the register's tables and a
    risk_id to the history, and the history is untouched; back to 0007 removes them again."""
    upgrade(old_engine, "0006")
    _run(old_engine, ROWS + HISTORY)
    upgrade(old_engine, "0008")
    assert current_revision(old_engine) == "0008"
    if old_engine.dialect.name == "sqlite":  # switched off for the copy, and on again after
        with old_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    tables = set(inspect(old_engine).get_table_names())
    assert {"risks", "risk_actions", "recommendations", "action_recommendations"} <= tables
    assert "risk_id" in {c["name"] for c in inspect(old_engine).get_columns("changes")}
    with old_engine.connect() as conn:
        assert conn.execute(text("SELECT field, old, new, risk_id FROM changes")).all() == [
            ("status", "red", "amber", None)
        ]
        conn.execute(
            text(
                "INSERT INTO risks (plan_id, code, number, title, status, review_every, "
                "created_at, updated_at) VALUES (1, 'R1', 1, 'Recruitment', 'open', '1m', "
                "'2026-03-01 00:00:00', '2026-03-01 00:00:00')"
            )
        )
        conn.commit()
    command.downgrade(alembic_config(old_engine), "0007")
    assert "risks" not in set(inspect(old_engine).get_table_names())
    with old_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM changes")).scalar() == 1
