"""Remembering when an action was last reminded about, per kind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
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
    for action_id, kind in set(entries):
        row = session.get(ReminderLog, (action_id, kind))
        if row is None:
            session.add(ReminderLog(action_id=action_id, kind=kind, last_on=day))
        else:
            row.last_on = day
