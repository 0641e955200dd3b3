"""Row locks for read-modify-write: two changes to one row at once apply one after the other.

On PostgreSQL `lock` is SELECT … FOR UPDATE, held until the transaction ends, and the row is
read again under it, so a change that waited sees what the change before it wrote. SQLite
serialises writers already (BEGIN IMMEDIATE, store.db) and emits no FOR UPDATE.

Lock a row before reading what the change depends on, and take the change's time after.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

Row = TypeVar("Row")


def lock(session: Session, row: Row) -> Row:
    """Hold `row` until the transaction ends, with its values as last committed (and as this
    transaction changed them: pending changes are flushed first, so none is dropped).

    Its loaded relationships are expired too, so they load again under the lock."""
    session.flush()
    session.refresh(row, with_for_update=True)
    return row
