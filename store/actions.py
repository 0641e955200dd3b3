"""Reading actions: by ref, by filter, and the refs near a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, selectinload

from store.domain import Status
from store.models import Action, Theme


def by_ref(session: Session, plan_id: int, ref: str, *, lock: bool = False) -> Action | None:
    """The action; with lock=True held until the transaction ends (SELECT … FOR UPDATE, see
    store.locks), with its values as last committed."""
    if lock:
        session.flush()
    return session.scalar(_by_ref(lock), {"plan_id": plan_id, "ref": ref})


@cache
def _by_ref(lock: bool) -> Select[Action]:
    """Built once: the ack path runs it on every change."""
    query = select(Action).where(
        Action.plan_id == bindparam("plan_id"), Action.ref == bindparam("ref")
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return query


def refs(session: Session, plan_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Action.ref).where(Action.plan_id == plan_id).order_by(Action.ref_key)
        )
    )


def nearest_refs(session: Session, plan_id: int, ref: str, limit: int = 2) -> list[str]:
    """Refs like the one typed: same parent first (4.9 -> 4.2, 4.3), then by spelling."""
    known = refs(session, plan_id)
    parent = ref.rsplit(".", 1)[0] if "." in ref else None
    siblings = [r for r in known if parent and r.rsplit(".", 1)[0] == parent]
    if siblings:
        last = _last_number(ref)
        siblings.sort(key=lambda r: (abs(_last_number(r) - last), r))
        return sorted(siblings[:limit], key=_numeric)
    return difflib.get_close_matches(ref, known, n=limit, cutoff=0.5)


def _last_number(ref: str) -> int:
    return int(ref.rsplit(".", 1)[-1])


def _numeric(ref: str) -> tuple[int, ...]:
    return tuple(int(part) for part in ref.split("."))


def _base(plan_id: int) -> Select[Action]:
    return (
        select(Action)
        .where(Action.plan_id == plan_id)
        .options(selectinload(Action.owner), selectinload(Action.theme))
        .order_by(Action.ref_key)
    )


def all_actions(session: Session, plan_id: int) -> Sequence[Action]:
    return session.scalars(_base(plan_id)).all()


def open_actions(session: Session, plan_id: int) -> Sequence[Action]:
    return session.scalars(_base(plan_id).where(Action.status != Status.COMPLETE.value)).all()


def owned_by(session: Session, plan_id: int, person_id: int) -> Sequence[Action]:
    return session.scalars(_base(plan_id).where(Action.owner_id == person_id)).all()


def overdue(session: Session, plan_id: int, today: date) -> Sequence[Action]:
    return session.scalars(
        _base(plan_id).where(Action.status != Status.COMPLETE.value, Action.due_date < today)
    ).all()


def due_within(session: Session, plan_id: int, today: date, days: int) -> Sequence[Action]:
    return session.scalars(
        _base(plan_id).where(
            Action.status != Status.COMPLETE.value,
            Action.due_date >= today,
            Action.due_date <= today + timedelta(days=days),
        )
    ).all()


def stale(session: Session, plan_id: int, now: datetime, days: int = 28) -> Sequence[Action]:
    return session.scalars(
        _base(plan_id).where(
            Action.status != Status.COMPLETE.value,
            Action.updated_at < now - timedelta(days=days),
        )
    ).all()


def with_status(session: Session, plan_id: int, status: Status) -> Sequence[Action]:
    return session.scalars(_base(plan_id).where(Action.status == status.value)).all()


def in_theme(session: Session, plan_id: int, number: str) -> Sequence[Action]:
    return session.scalars(
        _base(plan_id).join(Theme, Theme.id == Action.theme_id).where(Theme.number == number)
    ).all()
