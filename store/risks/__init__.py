"""The risk register: finding risks, their codes, and reading them worst first.

matrix    how a plan names, scores and bands ratings (5x5, 4x4, medway, letters)
reviews   how often a risk is reviewed, and when the next review falls
register  adding and changing risks, each change in the history with its reason
past      the register as it stood at any instant, read back from that history
importer  the register from a council's spreadsheet, all or nothing; exporter, back
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from store.models import Risk
from store.models.risk import CLOSED
from store.risks.matrix import Rating

_CODE = re.compile(r"^R(\d{1,4})$", re.I)


def read_code(word: str) -> str | None:
    """'R7', 'r7' or '7' -> 'R7'; None for anything else."""
    text = word.strip().rstrip(".").upper()
    if text.isdigit() and len(text) <= 4:
        return f"R{int(text)}"
    m = _CODE.match(text)
    return f"R{int(m[1])}" if m else None


def number_of(code: str) -> int:
    m = _CODE.match(code)
    return int(m[1]) if m else 0


def by_code(session: Session, plan_id: int, code: str) -> Risk | None:
    return session.scalar(select(Risk).where(Risk.plan_id == plan_id, Risk.code == code.upper()))


def codes(session: Session, plan_id: int) -> list[str]:
    return list(
        session.scalars(select(Risk.code).where(Risk.plan_id == plan_id).order_by(Risk.number))
    )


def next_code(session: Session, plan_id: int) -> str:
    highest = session.scalar(select(func.max(Risk.number)).where(Risk.plan_id == plan_id))
    return f"R{(highest or 0) + 1}"


def all_risks(session: Session, plan_id: int, *, open_only: bool = False) -> Sequence[Risk]:
    query = (
        select(Risk)
        .where(Risk.plan_id == plan_id)
        .options(selectinload(Risk.owner), selectinload(Risk.actions))
        .order_by(Risk.number)
    )
    if open_only:
        query = query.where(Risk.status != CLOSED)
    return session.scalars(query).all()


def worst_first(risks: Sequence[Risk]) -> list[Risk]:
    """Highest current score first; unrated last; then by code."""

    def key(risk: Risk) -> tuple[int, int]:
        rating = Rating.from_key(risk.current)
        return (-(rating.score if rating else -1), risk.number)

    return sorted(risks, key=key)


def review_due(risk: Risk, today: date) -> bool:
    """An open or tolerated risk whose review date has come."""
    return risk.is_open and risk.review_date is not None and risk.review_date <= today
