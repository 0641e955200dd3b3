"""Many commands at once, each in its own transaction, as a busy server runs them."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from commands.boundary import run
from commands.context import Reply, Who
from store import actions, history, people
from store.models import ChatIdentity, Kpi, KpiReading, Plan, Update
from tests.plan_builder import build_plan

T = TypeVar("T")
STATUSES = ("green", "amber", "red")


class TickingClock:
    """Each reading a millisecond after the last, from any thread: every instant is distinct,
    so a change stamped with a time read before it waited for a lock shows out of order."""

    def __init__(self, start: datetime) -> None:
        self._times = itertools.count()
        self._start = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._start + timedelta(milliseconds=next(self._times))


def _at_once(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(0..count-1)` on `count` threads released together."""
    start = threading.Barrier(count)

    def go(n: int) -> T:
        start.wait()
        return work(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(go, range(count)))


def test_concurrent_updates_chain_in_history(db: sessionmaker[Session], now: datetime) -> None:
    """50 updates of one action at once: every note is kept, and the history read in time
    order chains, each status change starting from the status the one before it left."""
    with db.begin() as s:
        build_plan(s, now)
    clock = TickingClock(now)
    jane = Who("console", "console", "jane.smith")

    def update(n: int) -> Reply:
        text = f"/action update 4.2 {STATUSES[n % 3]} note {n}"
        return run(text, jane, sessions=db, clock=clock)

    replies = _at_once(50, update)
    assert all(r.ok for r in replies), [r.view for r in replies if not r.ok]
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        action = actions.by_ref(s, plan.id, "4.2")
        assert action is not None
        updates = [u for u in history.action_history(s, action) if u.via == "console"]
        assert sorted(u.note or "" for u in updates) == sorted(f"note {n}" for n in range(50))
        times = [u.at for u in updates]
        assert all(a < b for a, b in itertools.pairwise(times)), "times not strictly ordered"
        status = "amber"  # 4.2's status before the burst
        for update in updates:
            for change in update.changes:
                if change.field == "status":
                    assert change.old == status, f"{update.note}: from {change.old}, not {status}"
                    status = change.new or ""
        assert action.status == status
        assert action.updated_at == times[-1]


def test_concurrent_first_commands_link_one_identity(
    db: sessionmaker[Session], now: datetime
) -> None:
    """30 first commands at once from one Slack user: all answered, one identity linked."""
    with db.begin() as s:
        build_plan(s, now)
    sam = Who("slack", "T0FAKE", "USAM", email="sam.patel@council.gov.uk")

    def ask(n: int) -> Reply:
        return run("/action list", sam, sessions=db, clock=lambda: now)

    replies = _at_once(30, ask)
    assert [r.error for r in replies if not r.ok] == []
    assert {r.template for r in replies} == {"chat/action_list"}
    with db() as s:
        count = s.scalar(
            select(func.count()).where(
                ChatIdentity.platform == "slack", ChatIdentity.user_id == "USAM"
            )
        )
        assert count == 1


def test_concurrent_setting_changes_all_kept(db: sessionmaker[Session], now: datetime) -> None:
    """Ten closure days added at once by plan leads: each change applies to the one before,
    so none is lost."""
    with db.begin() as s:
        build_plan(s, now)
    amira = Who("console", "console", "amira.khan")
    days = [f"{day:02d}/12/2026" for day in range(1, 11)]

    def close(n: int) -> Reply:
        return run(f"/plan closure {days[n]}", amira, sessions=db, clock=lambda: now)

    replies = _at_once(10, close)
    assert all(r.ok for r in replies), [r.view for r in replies if not r.ok]
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert plan.closure_days == [f"2026-12-{day:02d}" for day in range(1, 11)]


def test_concurrent_readings_of_one_period_keep_one(
    db: sessionmaker[Session], now: datetime
) -> None:
    """Ten readings of one KPI for one period at once: one reading, the last one written,
    and each reading's history note names the value it replaced."""
    with db.begin() as s:
        plan = build_plan(s, now)
        sam = people.by_email(s, "sam.patel@council.gov.uk")
        assert sam is not None
        s.add(Kpi(plan_id=plan.id, code="K1", name="Contacts", unit="%", polarity="higher",
                  baseline=78, target=95, owner_id=sam.id, created_at=now))  # fmt: skip
    clock = TickingClock(now)
    sam_who = Who("console", "console", "sam.patel")

    def record(n: int) -> Reply:
        # Typed as corrections: whichever comes second replaces a reading, which needs one.
        text = f"/kpi update K1 {80 + n}% Oct 2026 correct"
        return run(text, sam_who, sessions=db, clock=clock)

    replies = _at_once(10, record)
    assert all(r.ok for r in replies), [r.view for r in replies if not r.ok]
    with db() as s:
        (reading,) = s.scalars(select(KpiReading)).all()
        notes = list(
            s.scalars(select(Update.note).where(Update.kpi_id.is_not(None)).order_by(Update.at))
        )
        assert len(notes) == 10 and "was" not in notes[0]
        values = [note.split(": ")[1].split(" ")[0] for note in notes]
        for before, note in itertools.pairwise(zip(values, notes, strict=True)):
            assert f"(was {before[0]})" in note[1]
        assert f"{reading.value:g}%" == values[-1]
