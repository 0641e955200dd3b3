"""Remembering when an action was last reminded about, per kind."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models.reminders import ReminderLog


def last_reminded(session: Session, action_ids: Collection[int]) -> dict[tuple[int, str], date]:
    """When each of these actions was last reminded about, per kind. By the ids the sweep has
    read, not a join on the plan: the log grows with every sweep, and a planner that thinks it
    small (its statistics from before a big sweep) would read all of it for every plan."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(ReminderLog.action_id, ReminderLog.kind, ReminderLog.last_on).where(
            ReminderLog.action_id.in_(action_ids)
        )
    ).all()
    return {(action_id, kind): last_on for action_id, kind, last_on in rows}


def remember(session: Session, entries: Iterable[tuple[int, str]], day: date) -> None:
    """Record `day` for each (action, kind), in one statement: a big sweep records hundreds
    of rows a plan. Written through the driver, as SQLAlchemy's per-row binding cost more than
    the write; on PostgreSQL as two arrays, since even a pipelined executemany is a statement
    per row for the server."""
    pairs = sorted(set(entries))
    if not pairs:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        arrays = ([a for a, _ in pairs], [k for _, k in pairs])
        connection.exec_driver_sql(
            "INSERT INTO reminder_log (action_id, kind, last_on) "
            "SELECT action_id, kind, %s FROM unnest(%s::integer[], %s::varchar[]) "
            "AS given(action_id, kind) "
            "ON CONFLICT (action_id, kind) DO UPDATE SET last_on = excluded.last_on",
            (day, *arrays),
        )
        return
    # SQLite keeps dates as ISO text, as SQLAlchemy's Date writes them there.
    connection.exec_driver_sql(
        "INSERT INTO reminder_log (action_id, kind, last_on) VALUES (?, ?, ?) "
        "ON CONFLICT (action_id, kind) DO UPDATE SET last_on = excluded.last_on",
        [(action_id, kind, day.isoformat()) for action_id, kind in pairs],
    )
