"""The risk register as it stood at any instant, read back from its history.

A plan keeps tens of risks, not thousands, so each read is one query over the plan's risk
changes up to the instant, replayed in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Change, Risk, Update
from store.risks.matrix import Rating


@dataclass(frozen=True)
class RiskSnapshot:
    risk_id: int
    code: str
    number: int
    title: str
    owner_id: int | None
    status: str
    inherent: str | None
    current: str | None
    target: str | None
    review_date: date | None
    latest_note: str | None
    actions: tuple[str, ...]  # refs of the mitigating actions linked by then

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    @property
    def rating(self) -> Rating | None:
        return Rating.from_key(self.current)

    def review_overdue(self, today: date) -> bool:
        """Open, and its review date has passed (a review due today is not late yet)."""
        return self.is_open and self.review_date is not None and self.review_date < today


def as_at(session: Session, plan_id: int, at: datetime) -> dict[int, RiskSnapshot]:
    """Every risk of the plan created by `at`, as it stood then, keyed by risk id."""
    rows = session.execute(
        select(Change.risk_id, Change.field, Change.new)
        .join(Risk, Risk.id == Change.risk_id)
        .where(Risk.plan_id == plan_id, Change.at <= at)
        .order_by(Change.at, Change.id)
    ).all()
    fields: dict[int, dict[str, str | None]] = {}
    links: dict[int, list[str]] = {}
    for risk_id, field, new in rows:
        if risk_id is None:
            continue
        if field == "action" and new:
            links.setdefault(risk_id, []).append(new)
        else:
            fields.setdefault(risk_id, {})[field] = new
    query = select(Risk.id, Risk.number).where(Risk.plan_id == plan_id)
    numbers = {risk_id: number for risk_id, number in session.execute(query)}
    found = {}
    for risk_id, values in fields.items():
        if "created" not in values:
            continue
        review = values.get("review_date")
        found[risk_id] = RiskSnapshot(
            risk_id=risk_id,
            code=values["created"] or "",
            number=numbers.get(risk_id, 0),
            title=values.get("title") or "",
            owner_id=_int(values.get("owner_id")),
            status=values.get("status") or "open",
            inherent=values.get("inherent"),
            current=values.get("current"),
            target=values.get("target"),
            review_date=date.fromisoformat(review) if review else None,
            latest_note=values.get("latest_note"),
            actions=tuple(dict.fromkeys(links.get(risk_id, []))),
        )
    return found


def _int(text: str | None) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True)
class RatingMove:
    risk_id: int
    old: str | None
    new: str | None
    at: datetime
    reason: str | None


def rating_moves(
    session: Session, plan_id: int, start: datetime | None, end: datetime
) -> list[RatingMove]:
    """Current ratings changed after `start` (ever, when None) up to `end`, oldest first. A
    risk's first rating (when it is added, or first rated) is not a move."""
    query = (
        select(Change.risk_id, Change.old, Change.new, Change.at, Update.reason)
        .join(Update, Update.id == Change.update_id)
        .join(Risk, Risk.id == Change.risk_id)
        .where(
            Risk.plan_id == plan_id,
            Change.field == "current",
            Change.old.is_not(None),
            Change.at <= end,
        )
        .order_by(Change.at, Change.id)
    )
    if start is not None:
        query = query.where(Change.at > start)
    return [
        RatingMove(risk_id, old, new, at, reason)
        for risk_id, old, new, at, reason in session.execute(query)
        if risk_id is not None
    ]
