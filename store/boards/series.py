"""Board series: a rule, its meetings made up to a horizon, theme rotation, replacement.

A plan has one current series, its newest. Scheduling a new one replaces it from the new
first meeting on: the old rule gets an UNTIL just before, its future meetings that nobody
moved or cancelled are removed, and moved or cancelled ones stay as they were decided.
Each occurrence keeps the instant its rule gave it (BoardMeeting.occurrence), so making the
meetings again never re-creates one that was moved or cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.boards.rules import SeriesRule, from_rrule_text
from store.dates import uk
from store.errors import UserError
from store.models import BoardMeeting, BoardSeries, Plan
from store.timeutil import clock_change_clash, local_instant

DEFAULT_TITLE = "Improvement Board"
HORIZON = timedelta(days=365)
SCHEDULED, CANCELLED, HELD = "scheduled", "cancelled", "held"


class BoardError(UserError):
    """A board change that cannot be made; the message is safe to show and says why."""


@dataclass(frozen=True)
class Scheduled:
    series: BoardSeries
    rule: SeriesRule
    first: date
    created: list[BoardMeeting]
    removed: int  # future meetings of the previous series that this one replaced
    kept: list[BoardMeeting]  # moved meetings of the previous series, left as decided


def rule_of(series: BoardSeries) -> rrule:
    # TZID names resolve to zoneinfo zones, so wall-clock times hold across clock changes.
    parsed = rrulestr(series.rrule, tzids=ZoneInfo)
    if not isinstance(parsed, rrule):
        raise ValueError(f"series {series.id}: expected one RRULE, got {type(parsed).__name__}")
    return parsed


def describe_series(series: BoardSeries) -> str:
    rule = from_rrule_text(series.rrule)
    return rule.describe() if rule else "on its own rule"


def rotation(numbers: Sequence[str], index: int, per: int) -> list[str]:
    """The themes in focus at the `index`-th meeting of a series: `per` at a time, in turn."""
    if per <= 0 or not numbers:
        return []
    per = min(per, len(numbers))
    return [numbers[(index * per + k) % len(numbers)] for k in range(per)]


def current_series(session: Session, plan_id: int) -> BoardSeries | None:
    return session.scalar(
        select(BoardSeries)
        .where(BoardSeries.plan_id == plan_id)
        .order_by(BoardSeries.id.desc())
        .limit(1)
    )


def schedule(
    session: Session,
    plan: Plan,
    rule: SeriesRule,
    *,
    now: datetime,
    title: str | None = None,
    horizon: timedelta = HORIZON,
) -> Scheduled:
    """Start a series (replacing the plan's current one) and make its meetings in `horizon`."""
    first = rule.first()
    clash = clock_change_clash(rule.at, plan.timezone, first)
    if clash is not None:
        raise BoardError(
            f"{rule.at:%H:%M} is skipped or repeated on {uk(clash)}, when the clocks change. "
            "Choose another time."
        )
    text = rule.rrule_text(plan.timezone)
    old = current_series(session, plan.id)
    removed, kept = 0, list[BoardMeeting]()
    if old is not None:
        if old.rrule == text:
            raise BoardError(f"The board already meets {rule.describe()} from {uk(first)}.")
        cut = max(local_instant(first, rule.at, plan.timezone), now)
        removed, kept = _end_series(session, old, cut)
    series = BoardSeries(
        plan_id=plan.id,
        title=title or (old.title if old else DEFAULT_TITLE),
        rrule=text,
        timezone=plan.timezone,
        updates_deadline_days=old.updates_deadline_days if old else 10,
        papers_deadline_days=old.papers_deadline_days if old else 5,
        rotate_themes=old.rotate_themes if old else 2,
        created_at=now,
    )
    session.add(series)
    session.flush()
    created = materialise(session, plan, series, now=now, horizon=horizon)
    return Scheduled(series, rule, first, created, removed, kept)


def _end_series(
    session: Session, old: BoardSeries, cut: datetime
) -> tuple[int, list[BoardMeeting]]:
    until = (cut - timedelta(seconds=1)).astimezone(UTC)
    lines = old.rrule.splitlines()
    lines = [
        ";".join(p for p in line.split(";") if not p.startswith(("UNTIL=", "COUNT=")))
        + f";UNTIL={until:%Y%m%dT%H%M%SZ}"
        if line.startswith("RRULE:")
        else line
        for line in lines
    ]
    old.rrule = "\n".join(lines)
    removed, kept = 0, list[BoardMeeting]()
    later = select(BoardMeeting).where(
        BoardMeeting.series_id == old.id, BoardMeeting.occurrence >= cut
    )
    for meeting in session.scalars(later):
        if meeting.status == SCHEDULED and meeting.starts_at == meeting.occurrence:
            session.delete(meeting)  # made by the old rule and never touched
            removed += 1
        elif meeting.status == SCHEDULED:
            kept.append(meeting)
    session.flush()
    return removed, kept


def materialise(
    session: Session,
    plan: Plan,
    series: BoardSeries,
    *,
    now: datetime,
    horizon: timedelta = HORIZON,
) -> list[BoardMeeting]:
    """Make the meetings the series has between `now` and `now + horizon`; idempotent."""
    end = now + horizon
    made = set(
        session.scalars(select(BoardMeeting.occurrence).where(BoardMeeting.series_id == series.id))
    )
    numbers = [theme.number for theme in plan.themes]
    new = []
    # Counted from the first meeting, so rotation does not depend on when rows were made.
    for index, start in enumerate(rule_of(series)):
        if start > end:
            break
        occurrence = start.astimezone(UTC)
        if occurrence < now or occurrence in made:
            continue
        new.append(
            BoardMeeting(
                plan_id=plan.id,
                series_id=series.id,
                title=series.title,
                starts_at=occurrence,
                occurrence=occurrence,
                themes=rotation(numbers, index, series.rotate_themes),
                updates_deadline_days=series.updates_deadline_days,
                papers_deadline_days=series.papers_deadline_days,
                status=SCHEDULED,
                created_at=now,
            )
        )
    if not new:
        return []
    try:
        with session.begin_nested():
            session.add_all(new)
    except IntegrityError:
        return []  # another transaction made these occurrences first; theirs stand
    return new


def ensure_upcoming(session: Session, plan: Plan, *, now: datetime) -> int:
    """Materialise every series of the plan up to the horizon; the number of meetings made."""
    every = session.scalars(select(BoardSeries).where(BoardSeries.plan_id == plan.id)).all()
    return sum(len(materialise(session, plan, series, now=now)) for series in every)
