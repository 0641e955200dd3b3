"""Improvement Board meetings: one-offs, moves, cancellations, themes, deadlines, queries.

Times are stored aware UTC and shown in the plan's local time. A cancelled meeting is kept,
with status "cancelled". Series (rules, materialising, rotation) are in store.boards.series
and re-exported here, so callers need only this module.

Held meetings: nothing has to mark a meeting "held" when its start passes. A scheduled
meeting whose start has passed counts as held (`is_held`), and `previous_meeting` reads it
that way; a row marked "held" by a later sweep reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.boards.days import ClosedDay as ClosedDay
from store.boards.days import check_open as check_open
from store.boards.days import closed_reason as closed_reason
from store.boards.rules import RuleError as RuleError
from store.boards.rules import SeriesRule as SeriesRule
from store.boards.rules import parse_rule as parse_rule
from store.boards.series import CANCELLED as CANCELLED
from store.boards.series import DEFAULT_TITLE as DEFAULT_TITLE
from store.boards.series import HELD as HELD
from store.boards.series import HORIZON as HORIZON
from store.boards.series import SCHEDULED as SCHEDULED
from store.boards.series import BoardError as BoardError
from store.boards.series import Scheduled as Scheduled
from store.boards.series import current_series as current_series
from store.boards.series import describe_series as describe_series
from store.boards.series import ensure_upcoming as ensure_upcoming
from store.boards.series import is_adopted as is_adopted
from store.boards.series import materialise as materialise
from store.boards.series import rotation as rotation
from store.boards.series import schedule as schedule
from store.dates import uk
from store.models import BoardMeeting, Plan
from store.timeutil import is_clear_of_clock_change, local_instant
from store.workdays import WorkingDays


@dataclass(frozen=True)
class Deadlines:
    updates: date
    papers: date


def local_start(meeting: BoardMeeting, zone: str) -> datetime:
    return meeting.starts_at.astimezone(ZoneInfo(zone))


def is_held(meeting: BoardMeeting, now: datetime) -> bool:
    return meeting.status == HELD or (meeting.status == SCHEDULED and meeting.starts_at <= now)


def meetings_between(
    session: Session,
    plan_id: int,
    start: datetime,
    end: datetime,
    *,
    include_cancelled: bool = True,
) -> Sequence[BoardMeeting]:
    """Meetings starting at or after `start` and before `end`, in order."""
    query = select(BoardMeeting).where(
        BoardMeeting.plan_id == plan_id,
        BoardMeeting.starts_at >= start,
        BoardMeeting.starts_at < end,
    )
    if not include_cancelled:
        query = query.where(BoardMeeting.status != CANCELLED)
    return session.scalars(query.order_by(BoardMeeting.starts_at, BoardMeeting.id)).all()


def meetings_on(session: Session, plan: Plan, day: date) -> Sequence[BoardMeeting]:
    """Meetings on a day of the plan's calendar, cancelled ones included."""
    start = local_instant(day, time(), plan.timezone)
    end = local_instant(day + timedelta(days=1), time(), plan.timezone)
    return meetings_between(session, plan.id, start, end)


def next_meeting(session: Session, plan_id: int, after: datetime) -> BoardMeeting | None:
    """The first scheduled meeting that starts after `after`."""
    return session.scalar(
        select(BoardMeeting)
        .where(
            BoardMeeting.plan_id == plan_id,
            BoardMeeting.status == SCHEDULED,
            BoardMeeting.starts_at > after,
        )
        .order_by(BoardMeeting.starts_at)
        .limit(1)
    )


def previous_meeting(session: Session, plan_id: int, before: datetime) -> BoardMeeting | None:
    """The last meeting held before `before` (held, or scheduled with its start passed)."""
    return session.scalar(
        select(BoardMeeting)
        .where(
            BoardMeeting.plan_id == plan_id,
            BoardMeeting.status != CANCELLED,
            BoardMeeting.starts_at < before,
        )
        .order_by(BoardMeeting.starts_at.desc())
        .limit(1)
    )


def deadlines(meeting: BoardMeeting, plan: Plan, workdays: WorkingDays | None = None) -> Deadlines:
    """The updates and papers deadlines: N working days before the meeting's day."""
    days = workdays or WorkingDays.for_plan(plan)
    day = local_start(meeting, plan.timezone).date()
    return Deadlines(
        updates=days.working_days_before(day, meeting.updates_deadline_days),
        papers=days.working_days_before(day, meeting.papers_deadline_days),
    )


def check_themes(plan: Plan, numbers: Iterable[str]) -> list[str]:
    """The plan's theme numbers as given (without repeats), or BoardError naming the themes."""
    known = [theme.number for theme in plan.themes]
    chosen: list[str] = []
    for number in (n.strip().rstrip(".") for n in numbers):
        if number not in known:
            listed = "; ".join(f"{t.number} {t.name}".strip() for t in plan.themes) or "none yet"
            raise BoardError(f"{plan.name} has no theme {number}. Themes: {listed}.")
        if number not in chosen:
            chosen.append(number)
    return chosen


def _start(plan: Plan, day: date, at: time, now: datetime) -> datetime:
    if not is_clear_of_clock_change(day, at, plan.timezone):
        raise BoardError(
            f"{at:%H:%M} on {uk(day)} is skipped or repeated when the clocks change. "
            "Choose another time."
        )
    starts = local_instant(day, at, plan.timezone)
    if starts <= now:
        raise BoardError(f"{uk(day)} at {at:%H:%M} has passed. Choose a time still to come.")
    return starts


def _free(session: Session, plan: Plan, day: date, but: BoardMeeting | None = None) -> None:
    """One meeting a day: a one-off never shares a day with a series meeting, or another."""
    for other in meetings_on(session, plan, day):
        if other.status != CANCELLED and other is not but:
            at = local_start(other, plan.timezone)
            kind = "a one-off" if other.series_id is None else "part of the series"
            raise BoardError(
                f"There is already a board meeting on {uk(day)} at {at:%H:%M}, {kind}. "
                "Move that meeting to the time you want, or choose another day."
            )


def add_meeting(
    session: Session,
    plan: Plan,
    day: date,
    at: time,
    *,
    now: datetime,
    themes: Iterable[str] = (),
    title: str | None = None,
    anyway: bool = False,
) -> BoardMeeting:
    """A one-off meeting, outside any series; on a closed day only `anyway` (ClosedDay)."""
    starts = _start(plan, day, at, now)
    check_open(plan, day, anyway=anyway)
    _free(session, plan, day)
    series = current_series(session, plan.id)
    meeting = BoardMeeting(
        plan_id=plan.id,
        title=title or (series.title if series else DEFAULT_TITLE),
        starts_at=starts,
        themes=check_themes(plan, themes),
        updates_deadline_days=series.updates_deadline_days if series else 10,
        papers_deadline_days=series.papers_deadline_days if series else 5,
        status=SCHEDULED,
        created_at=now,
    )
    session.add(meeting)
    session.flush()
    return meeting


def meeting_on(session: Session, plan: Plan, day: date, *, now: datetime) -> BoardMeeting:
    """The meeting on a day that is still to happen, or BoardError saying what there is."""
    found = meetings_on(session, plan, day)
    live = [m for m in found if m.status != CANCELLED]
    if live:
        if is_held(live[0], now):
            raise BoardError(f"The board on {uk(day)} has already met.")
        return live[0]
    if found:
        raise BoardError(f"The board meeting on {uk(day)} is cancelled.")
    soon = meetings_between(session, plan.id, now, now + HORIZON, include_cancelled=False)
    listed = ", ".join(uk(local_start(m, plan.timezone).date()) for m in soon[:3])
    upcoming = f" Coming up: {listed}." if listed else " None are scheduled."
    raise BoardError(f"There is no board meeting on {uk(day)}.{upcoming}")


def meeting_for_pack(session: Session, plan: Plan, day: date, *, now: datetime) -> BoardMeeting:
    """The meeting on a day, held or to come, for its board pack; BoardError says what there is."""
    found = meetings_on(session, plan, day)
    live = [m for m in found if m.status != CANCELLED]
    if live:
        return live[0]
    if found:
        raise BoardError(f"The board meeting on {uk(day)} was cancelled, so it has no pack.")
    held = [
        m
        for m in meetings_between(session, plan.id, now - HORIZON, now, include_cancelled=False)
        if is_held(m, now)
    ]
    soon = meetings_between(session, plan.id, now, now + HORIZON, include_cancelled=False)
    days = {
        "Held": [uk(local_start(m, plan.timezone).date()) for m in held[-3:]],
        "Coming up": [uk(local_start(m, plan.timezone).date()) for m in soon[:3]],
    }
    listed = " ".join(f"{k}: {', '.join(v)}." for k, v in days.items() if v)
    raise BoardError(
        f"There is no board meeting on {uk(day)}. {listed or 'None are scheduled.'}".strip()
    )


def move_meeting(
    session: Session,
    plan: Plan,
    day: date,
    to: date,
    at: time | None = None,
    *,
    now: datetime,
    anyway: bool = False,
) -> tuple[BoardMeeting, datetime]:
    """Move one meeting to another day (and time); returns it and its old local start.

    A move to a closed day needs `anyway` (ClosedDay); a time change on the same day does not.
    """
    meeting = meeting_on(session, plan, day, now=now)
    old = local_start(meeting, plan.timezone)
    starts = _start(plan, to, at or old.time(), now)
    if starts == meeting.starts_at:
        raise BoardError(f"The board is already on {uk(to)} at {old:%H:%M}.")
    if to != old.date():
        check_open(plan, to, anyway=anyway)
    _free(session, plan, to, but=meeting)
    meeting.starts_at = starts  # the occurrence stays, so the series never re-makes it
    return meeting, old


def cancel_meeting(session: Session, plan: Plan, day: date, *, now: datetime) -> BoardMeeting:
    meeting = meeting_on(session, plan, day, now=now)
    meeting.status = CANCELLED
    return meeting


def set_themes(
    session: Session, plan: Plan, day: date, numbers: Iterable[str], *, now: datetime
) -> BoardMeeting:
    meeting = meeting_on(session, plan, day, now=now)
    meeting.themes = check_themes(plan, numbers)
    return meeting
