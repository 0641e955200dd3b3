"""What a board asks about between meetings: due dates moved, with who moved them and why.

Read from the history (Change rows for "due_date"), never from the actions' current values,
so a date moved twice shows twice, each with its own reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from store.models import Action, Change, Person, Update


@dataclass(frozen=True)
class DueMove:
    ref: str
    ref_key: str
    title: str
    old: date | None  # None: it had no due date (ongoing)
    new: date | None
    at: datetime
    reason: str | None
    by: str | None  # the person's name; None when it came from an import
    via: str


def due_date_moves(
    session: Session, plan_id: int, since: datetime | None, until: datetime
) -> list[DueMove]:
    """Every change of an action's due date after `since` up to `until`, oldest first.

    The due date an action is created with is not a move, so updates that created an
    action are left out.
    """
    created = aliased(Change)
    query = (
        select(Action.ref, Action.ref_key, Action.title, Change.old, Change.new, Change.at)
        .add_columns(Update.reason, Person.name, Update.via)
        .join(Update, Update.id == Change.update_id)
        .join(Action, Action.id == Change.action_id)
        .outerjoin(Person, Person.id == Update.person_id)
        .where(
            Action.plan_id == plan_id,
            Change.field == "due_date",
            Change.at <= until,
            ~exists().where(created.update_id == Update.id, created.field == "created"),
        )
        .order_by(Change.at, Change.id)
    )
    if since is not None:
        query = query.where(Change.at > since)
    return [
        DueMove(ref, key, title, _day(old), _day(new), at, reason, by, via)
        for ref, key, title, old, new, at, reason, by, via in session.execute(query)
    ]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
