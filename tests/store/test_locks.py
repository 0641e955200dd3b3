"""Locking a row for a change: read again as last committed, nothing pending dropped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import locks
from store.models import Action, Evidence
from tests.plan_builder import build_plan


def test_lock_reads_the_row_again_and_keeps_pending_changes(
    db: sessionmaker[Session], now: datetime
) -> None:
    """A row loaded before another transaction changed it reads the committed value once
    locked, and a change made before the lock is kept."""
    with db.begin() as s:
        build_plan(s, now)
    with db() as mine:
        action = mine.scalars(select(Action).where(Action.ref == "4.2")).one()
        mine.commit()  # the action stays loaded, as in a long session
        with db.begin() as other:
            other.scalars(select(Action).where(Action.ref == "4.2")).one().status = "red"
        assert action.status == "amber"
        action.evidence.append(Evidence(text="EV-1", added_at=now))
        assert locks.lock(mine, action) is action
        assert action.status == "red"
        assert [e.text for e in action.evidence] == ["EV-1"]
        mine.commit()
    with db() as s:
        again = s.scalars(select(Action).where(Action.ref == "4.2")).one()
        assert (again.status, [e.text for e in again.evidence]) == ("red", ["EV-1"])
