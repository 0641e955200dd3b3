"""An independent reading of the history for report tests: replay Change rows in order.

Deliberately naive (one query, a loop), so it checks store.history.as_at and the report
builders rather than repeating them.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Action, BoardMeeting, Change, Recommendation, Risk, Theme, Update


def replay(s: Session, plan_id: int, at: datetime) -> dict[int, dict[str, str | None]]:
    """Each action's fields as at `at`: the last value every Change row gave it."""
    state: dict[int, dict[str, str | None]] = {}
    rows = s.scalars(
        select(Change)
        .join(Action, Action.id == Change.action_id)
        .where(Action.plan_id == plan_id, Change.at <= at)
        .order_by(Change.at, Change.id)
    )
    for change in rows:
        assert change.action_id is not None
        state.setdefault(change.action_id, {})[change.field] = change.new
    return state


def theme_numbers(s: Session, plan_id: int) -> dict[str, str]:
    """Theme id (as Change rows write it) -> theme number."""
    return {str(t.id): t.number for t in s.scalars(select(Theme).where(Theme.plan_id == plan_id))}


def counts_by_theme(s: Session, plan_id: int, at: datetime) -> dict[str, Counter[str]]:
    numbers = theme_numbers(s, plan_id)
    found: dict[str, Counter[str]] = {}
    for fields in replay(s, plan_id, at).values():
        theme = numbers.get(fields.get("theme_id") or "", "")
        found.setdefault(theme, Counter())[fields.get("status") or "not_started"] += 1
    return found


def previous_board(s: Session, plan_id: int, at: datetime) -> BoardMeeting | None:
    held = [
        m
        for m in s.scalars(select(BoardMeeting).where(BoardMeeting.plan_id == plan_id))
        if m.status == "held" and m.starts_at < at
    ]
    return max(held, key=lambda m: m.starts_at) if held else None


def moved_between(
    s: Session, plan_id: int, start: datetime, end: datetime
) -> list[tuple[str, str | None, str | None, str | None]]:
    """(ref, old ISO date, new ISO date, reason) for each due-date move in (start, end]."""
    refs = dict(s.execute(select(Action.id, Action.ref).where(Action.plan_id == plan_id)).all())
    found = []
    for change in s.scalars(select(Change).order_by(Change.at, Change.id)):
        if change.field != "due_date" or change.old is None or change.action_id not in refs:
            continue
        if start < change.at <= end:
            reason = s.get(Update, change.update_id).reason  # type: ignore[union-attr]
            found.append((refs[change.action_id], change.old, change.new, reason))
    return found


def refs_of(s: Session, plan_id: int) -> dict[int, str]:
    return dict(s.execute(select(Action.id, Action.ref).where(Action.plan_id == plan_id)).all())


def overdue_refs(s: Session, plan_id: int, at: datetime, today: date) -> set[str]:
    refs = refs_of(s, plan_id)
    return {
        refs[action_id]
        for action_id, fields in replay(s, plan_id, at).items()
        if fields.get("status") != "complete"
        and fields.get("due_date")
        and date.fromisoformat(fields["due_date"] or "") < today
    }


# -- risks and findings: the same naive replay of Change rows ---------------------------------
def risks_at(s: Session, plan_id: int, at: datetime) -> dict[str, dict[str, object]]:
    """Each risk's fields as at `at`, by code; "action" collects the refs linked by then."""
    codes = dict(s.execute(select(Risk.id, Risk.code).where(Risk.plan_id == plan_id)).all())
    state: dict[str, dict[str, object]] = {}
    rows = s.scalars(
        select(Change)
        .where(Change.risk_id.in_(codes), Change.at <= at)
        .order_by(Change.at, Change.id)
    )
    for change in rows:
        fields = state.setdefault(codes[change.risk_id], {"action": []})
        if change.field == "action":
            fields["action"].append(change.new)  # type: ignore[union-attr]
        else:
            fields[change.field] = change.new
    return state


def risk_moves(
    s: Session, plan_id: int, start: datetime, end: datetime
) -> list[tuple[str, str | None, str | None, str | None]]:
    """(code, old, new, reason) for each change of a current rating in (start, end]."""
    codes = dict(s.execute(select(Risk.id, Risk.code).where(Risk.plan_id == plan_id)).all())
    found = []
    for change in s.scalars(select(Change).order_by(Change.at, Change.id)):
        if change.field != "current" or change.old is None or change.risk_id not in codes:
            continue
        if start < change.at <= end:
            reason = s.get(Update, change.update_id).reason  # type: ignore[union-attr]
            found.append((codes[change.risk_id], change.old, change.new, reason))
    return found


def findings_at(s: Session, plan_id: int, at: datetime) -> dict[str, set[str]]:
    """Finding code -> the refs of the actions linked to it by `at`."""
    refs = refs_of(s, plan_id)
    found: dict[str, set[str]] = {
        code: set()
        for code, created in s.execute(
            select(Recommendation.code, Recommendation.created_at).where(
                Recommendation.plan_id == plan_id
            )
        )
        if created <= at
    }
    for change in s.scalars(
        select(Change).where(Change.field == "recommendation", Change.at <= at)
    ):
        if change.action_id in refs and change.new in found:
            found[change.new].add(refs[change.action_id])
    return found
