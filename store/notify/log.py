"""Remembering when an action was last reminded about, per kind."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
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
    """Record `day` for each (action, kind): one executemany upsert, not a query per row."""
    rows = [{"action_id": a, "kind": k, "last_on": day} for a, k in sorted(set(entries))]
    if not rows:
        return
    table = cast(Table, ReminderLog.__table__)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)
    upsert = statement.on_conflict_do_update(
        index_elements=["action_id", "kind"], set_={"last_on": statement.excluded.last_on}
    )
    session.connection().execute(upsert, rows)
