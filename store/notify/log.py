"""Remembering when an action was last reminded about, per kind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import Action
from store.models.reminders import ReminderLog


def last_reminded(session: Session, plan_id: int) -> dict[tuple[int, str], date]:
    rows = session.execute(
        select(ReminderLog.action_id, ReminderLog.kind, ReminderLog.last_on)
        .join(Action, Action.id == ReminderLog.action_id)
        .where(Action.plan_id == plan_id)
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
