"""Actions as light rows for sweeps: a sweep reads every action of every plan, and ORM
objects cost ten times as much to load as the plain values it needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import starmap

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.domain import Status
from store.models import Action, Risk, Theme

COMPLETE = Status.COMPLETE.value  # a plain string: compared for every action of every plan


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    ref: str
    ref_key: str
    title: str
    status: str
    signoff_pending: bool
    owner_id: int | None
    theme_id: int | None
    theme_number: str
    due_date: date | None
    snoozed_until: date | None
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status != COMPLETE

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


def load(session: Session, plan_id: int, *, open_only: bool = False) -> list[ActionRow]:
    """The plan's actions in ref order, in one query."""
    query = (
        select(
            Action.id, Action.ref, Action.ref_key, Action.title, Action.status,
            Action.signoff_pending, Action.owner_id, Action.theme_id,
            func.coalesce(Theme.number, ""),
            Action.due_date, Action.snoozed_until, Action.updated_at,
        )
        # The plan's own themes (an action's theme always is): read by their index, not
        # every plan's themes for each plan swept.
        .outerjoin(Theme, (Theme.id == Action.theme_id) & (Theme.plan_id == plan_id))
        .where(Action.plan_id == plan_id)
        .order_by(Action.ref_key)
    )  # fmt: skip
    if open_only:
        query = query.where(Action.status != Status.COMPLETE.value)
    return list(starmap(ActionRow, session.execute(query)))


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: int
    code: str
    title: str
    owner_id: int | None
    status: str
    current: str | None
    review_date: date | None
    reminded_on: date | None


def load_risks(session: Session, plan_id: int) -> list[RiskRow]:
    """The plan's risks that are still reviewed (open or tolerated), in one query."""
    query = (
        select(
            Risk.id, Risk.code, Risk.title, Risk.owner_id, Risk.status, Risk.current,
            Risk.review_date, Risk.reminded_on,
        )
        .where(Risk.plan_id == plan_id, Risk.status != "closed")
        .order_by(Risk.number)
    )  # fmt: skip
    return [RiskRow(*r) for r in session.execute(query)]
