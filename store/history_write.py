"""One change to an action and its history written with one statement (PostgreSQL).

The unit of work would send three: UPDATE actions, INSERT INTO updates … RETURNING id, then
INSERT INTO changes with that id, each a round trip while the command holds the action's
lock. PostgreSQL runs them as one statement with data-modifying WITH clauses. The session is
then told the action's new values as committed ones (nothing left to flush), and the Update
and its Changes are returned as plain objects, outside the session, for the reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, insert, literal, select, true, update, values
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import column

from store.models import Action, Change, Update

Diff = tuple[str, Any, Any]  # field, old value, new value


def together(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def write(
    session: Session,
    action: Action,
    diffs: Sequence[Diff],
    texts: Sequence[tuple[str | None, str | None]],
    row: dict[str, Any],
    at: datetime,
) -> Update:
    """Apply `diffs` to `action` and insert the Update `row` with a Change per diff (old and new
    as `texts`), in one statement; the action must be locked (store.locks)."""
    changed = {field: new for field, _old, new in diffs} | {"updated_at": at}
    when = bindparam("at", at, type_=Change.__table__.c.at.type)
    touched = (
        update(Action).where(Action.id == action.id).values(changed).returning(Action.id)
    ).cte("touched")
    made = insert(Update).values(row).returning(Update.id).cte("made")
    if diffs:
        rows = values(
            column("field", String), column("old", String), column("new", String), name="rows"
        ).data(
            [(field, old, new) for (field, _o, _n), (old, new) in zip(diffs, texts, strict=True)]
        )
        statement = (
            insert(Change)
            .from_select(
                ["update_id", "action_id", "field", "old", "new", "at"],
                select(made.c.id, literal(action.id), rows.c.field, rows.c.old, rows.c.new, when)
                .select_from(made)
                .join(rows, true()),  # one update, a row per change
            )
            .returning(Change.update_id, Change.field, Change.id)
            .add_cte(touched)
        )
        found = session.execute(statement).all()
        update_id, change_ids = found[0][0], {field: id_ for _u, field, id_ in found}
    else:
        update_id = session.execute(select(made.c.id).add_cte(touched)).scalar_one()
        change_ids = {}
    for field, value in changed.items():
        set_committed_value(action, field, value)
    written = Update(id=update_id, **row)
    for (field, _o, _n), (old, new) in zip(diffs, texts, strict=True):
        written.changes.append(
            Change(id=change_ids[field], action_id=action.id, field=field, old=old, new=new, at=at)
        )
    return written
