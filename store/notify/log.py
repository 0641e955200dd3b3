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
    """Record `day` for each (action, kind): one executemany upsert, not a query per row.

    Written through the driver: a big sweep records tens of thousands of rows, and building
    and binding each through SQLAlchemy's insert cost more than the rest of the write."""
    pairs = sorted(set(entries))
    if not pairs:
        return
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    mark = "%s" if postgres else "?"
    # SQLite keeps dates as ISO text, as SQLAlchemy's Date writes them there.
    value: object = day if postgres else day.isoformat()
    connection.exec_driver_sql(
        f"INSERT INTO reminder_log (action_id, kind, last_on) VALUES ({mark}, {mark}, {mark}) "  # noqa: S608 (no user text)
        "ON CONFLICT (action_id, kind) DO UPDATE SET last_on = excluded.last_on",
        [(action_id, kind, value) for action_id, kind in pairs],
    )
