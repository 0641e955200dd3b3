"""Facts from the history that reports are built on: RAG counts as at an instant, direction of
travel, due dates moved, actions completed, evidence as it stood.

Direction of travel (a theme's, or the whole plan's) compares its RAG "pressure" now with the
previous snapshot's: red counts two, amber one, divided by the number of actions. Less
pressure is improving, more is worsening; equal is steady, unless more actions are complete,
which is improving. With nothing to compare (no previous board, or a theme that had no
actions then) there is no direction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.domain import Status
from store.history import Snapshot, as_at
from store.models import Action, Change, Evidence, Person, Theme, Update
from store.reports.views import RagCounts

_EPSILON = 1e-9


def counts(snaps: Iterable[Snapshot]) -> RagCounts:
    return RagCounts.of(s.status for s in snaps)


def by_theme(snaps: Iterable[Snapshot]) -> dict[int | None, list[Snapshot]]:
    grouped: dict[int | None, list[Snapshot]] = defaultdict(list)
    for snap in snaps:
        grouped[snap.theme_id].append(snap)
    return grouped


def travel(now: RagCounts, before: RagCounts | None) -> str | None:
    """Improving, worsening or steady (see the module docstring); None with nothing to compare."""
    if before is None or not before.total or not now.total:
        return None
    change = now.pressure - before.pressure
    if abs(change) < _EPSILON:
        done_now, done_before = now.complete / now.total, before.complete / before.total
        return "improving" if done_now > done_before + _EPSILON else "steady"
    return "improving" if change < 0 else "worsening"


def is_overdue(snap: Snapshot, today: date) -> bool:
    return snap.status.is_open and snap.due_date is not None and snap.due_date < today


@dataclass(frozen=True)
class Move:
    action_id: int
    old: date | None
    new: date | None
    at: datetime
    reason: str | None


def moves(session: Session, plan_id: int, start: datetime | None, end: datetime) -> list[Move]:
    """Due dates moved after `start` (ever, when None) up to `end`, oldest first.

    A due date given for the first time (the action's creation, or an "Ongoing" action getting
    a date) is not a move: a move changes a date that was set.
    """
    query = (
        select(Change.action_id, Change.old, Change.new, Change.at, Update.reason)
        .join(Update, Update.id == Change.update_id)
        .join(Action, Action.id == Change.action_id)
        .where(
            Action.plan_id == plan_id,
            Change.field == "due_date",
            Change.old.is_not(None),
            Change.at <= end,
        )
        .order_by(Change.at, Change.id)
    )
    if start is not None:
        query = query.where(Change.at > start)
    return [
        Move(action_id, _date(old), _date(new), at, reason)
        for action_id, old, new, at, reason in session.execute(query)
        if action_id is not None
    ]


def move_counts(session: Session, plan_id: int, end: datetime) -> dict[int, int]:
    """How many times each action's due date has moved, up to `end`."""
    found: dict[int, int] = defaultdict(int)
    for move in moves(session, plan_id, None, end):
        found[move.action_id] += 1
    return dict(found)


def completed_on(
    session: Session, action_ids: Collection[int], end: datetime
) -> dict[int, datetime]:
    """When each action last became complete, up to `end`."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(Change.action_id, Change.at)
        .where(
            Change.action_id.in_(action_ids),
            Change.field == "status",
            Change.new == Status.COMPLETE.value,
            Change.at <= end,
        )
        .order_by(Change.at, Change.id)
    )
    return {action_id: at for action_id, at in rows if action_id is not None}


def evidence_at(
    session: Session, action_ids: Collection[int], at: datetime
) -> dict[int, list[str]]:
    """Each action's evidence items as they stood at `at`, in the order they were added."""
    if not action_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(Evidence.action_id, Evidence.text)
        .where(Evidence.action_id.in_(action_ids), Evidence.added_at <= at)
        .order_by(Evidence.added_at, Evidence.id)
    )
    for action_id, text in rows:
        found[action_id].append(text)
    return dict(found)


def details(session: Session, action_ids: Collection[int]) -> dict[int, str]:
    """Each action's success measure (not kept in snapshots: it rarely changes)."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(Action.id, Action.success_measure).where(Action.id.in_(action_ids))
    )
    return {action_id: measure or "" for action_id, measure in rows}


def names(session: Session, person_ids: Collection[int | None]) -> dict[int, str]:
    ids = {i for i in person_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.name, Person.email).where(Person.id.in_(ids)))
    return {pid: name or email or f"person {pid}" for pid, name, email in rows}


def themes(session: Session, plan_id: int) -> list[Theme]:
    return list(
        session.scalars(select(Theme).where(Theme.plan_id == plan_id).order_by(Theme.number_key))
    )


def trend(session: Session, plan_id: int, instants: Iterable[datetime]) -> list[RagCounts]:
    """The plan's RAG counts as at each instant."""
    return [counts(as_at(session, plan_id, at).values()) for at in instants]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
