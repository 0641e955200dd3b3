"""Board series: a rule, its meetings made up to a horizon, theme rotation, replacement.

A plan has one current series, its newest. Scheduling a new one replaces every earlier
series from the new first meeting on: each old rule ends (an UNTIL just before, never later
than it already ended), its future meetings that nobody moved or cancelled are removed, and
moved or cancelled ones stay as they were decided. Every earlier series, not only the
current one: a series that replaced another from a later date leaves the older one's
meetings before that date, and a third series starting earlier must remove those too.

Each occurrence keeps the instant its rule gave it (BoardMeeting.occurrence), so making the
meetings again never re-creates one that was moved or cancelled.

A series never makes a second meeting on a day that already has one. A one-off on a day the
rule gives is *adopted* as that day's occurrence: it keeps its time, themes and title, and,
being the occurrence, is never made again when it is later moved or cancelled, as any
meeting of the series. A moved meeting kept from an earlier series just takes the day.
"""

from __future__ import annotations

import re
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
_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6}Z)")


class BoardError(UserError):
    """A board change that cannot be made; the message is safe to show and says why."""


@dataclass(frozen=True)
class Scheduled:
    series: BoardSeries
    rule: SeriesRule
    first: date
    created: list[BoardMeeting]
    removed: int  # future meetings of the previous series that this one replaced
    kept: list[BoardMeeting]  # moved meetings of earlier series, left as decided
    adopted: list[BoardMeeting]  # meetings already on a day the rule gives: that day's meeting
    removed_earlier: int = 0  # of `removed`, those left from series before the previous one


@dataclass(frozen=True)
class Made:
    """What making a series' meetings did: meetings created, and meetings adopted."""

    created: list[BoardMeeting]
    adopted: list[BoardMeeting]


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


def is_adopted(meeting: BoardMeeting) -> bool:
    """A one-off that a later series took as its meeting of that day (see the docstring)."""
    series = meeting.series
    return series is not None and meeting.created_at < series.created_at


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
    removed, earlier, kept = 0, 0, list[BoardMeeting]()
    if old is not None:
        if old.rrule == text:
            raise BoardError(f"The board already meets {rule.describe()} from {uk(first)}.")
        cut = max(local_instant(first, rule.at, plan.timezone), now)
        every = session.scalars(select(BoardSeries).where(BoardSeries.plan_id == plan.id))
        for each in every:
            gone, left = _end_series(session, each, cut)
            removed += gone
            earlier += gone if each is not old else 0
            kept.extend(left)
        kept.sort(key=lambda m: m.starts_at)
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
    made = materialise(session, plan, series, now=now, horizon=horizon)
    return Scheduled(series, rule, first, made.created, removed, kept, made.adopted, earlier)


def _end_series(
    session: Session, series: BoardSeries, cut: datetime
) -> tuple[int, list[BoardMeeting]]:
    """End `series` just before `cut`: (meetings removed, moved meetings kept as decided).

    The rule's UNTIL only ever moves earlier: a series that already ended before `cut` keeps
    its end, so making its meetings again can never bring back ones it no longer has.
    """
    until = (cut - timedelta(seconds=1)).astimezone(UTC)
    ended = _until(series.rrule)
    if ended is None or until < ended:
        series.rrule = "\n".join(
            ";".join(p for p in line.split(";") if not p.startswith(("UNTIL=", "COUNT=")))
            + f";UNTIL={until:%Y%m%dT%H%M%SZ}"
            if line.startswith("RRULE:")
            else line
            for line in series.rrule.splitlines()
        )
    removed, kept = 0, list[BoardMeeting]()
    later = select(BoardMeeting).where(
        BoardMeeting.series_id == series.id, BoardMeeting.occurrence >= cut
    )
    for meeting in session.scalars(later):
        if meeting.status == SCHEDULED and meeting.starts_at == meeting.occurrence:
            session.delete(meeting)  # made by the old rule and never touched
            removed += 1
        elif meeting.status == SCHEDULED:
            kept.append(meeting)
    session.flush()
    return removed, kept


def _until(rrule: str) -> datetime | None:
    m = _UNTIL.search(rrule)
    return datetime.strptime(m[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if m else None


def materialise(
    session: Session,
    plan: Plan,
    series: BoardSeries,
    *,
    now: datetime,
    horizon: timedelta = HORIZON,
) -> Made:
    """Make the meetings the series has between `now` and `now + horizon`; idempotent.

    A day that already has a live meeting of another series, or a one-off, gets no second
    meeting: that meeting is adopted as the day's occurrence (see the module docstring).
    """
    end = now + horizon
    made = set(
        session.scalars(select(BoardMeeting.occurrence).where(BoardMeeting.series_id == series.id))
    )
    taken = _others_by_day(session, plan, series, now, end)
    numbers = [theme.number for theme in plan.themes]
    new, adopted = [], []
    # Counted from the first meeting, so rotation does not depend on when rows were made.
    for index, start in enumerate(rule_of(series)):
        if start > end:
            break
        occurrence = start.astimezone(UTC)
        if occurrence < now or occurrence in made:
            continue
        other = taken.get(start.date())
        if other is not None and other.series_id is None:
            other.series_id, other.occurrence = series.id, occurrence
            adopted.append(other)
            continue
        if other is not None:
            # A moved meeting kept from an earlier series: the day is taken while it is
            # there. Adopting it would free its own occurrence for its series to make again.
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
    if not new and not adopted:
        return Made([], [])
    try:
        with session.begin_nested():
            session.add_all(new)
    except IntegrityError:
        return Made([], [])  # another transaction made these occurrences first; theirs stand
    return Made(new, adopted)


def _others_by_day(
    session: Session, plan: Plan, series: BoardSeries, start: datetime, end: datetime
) -> dict[date, BoardMeeting]:
    """Live meetings not of `series` between two instants, by local day (the first each day)."""
    tz = ZoneInfo(series.timezone)
    found: dict[date, BoardMeeting] = {}
    rows = session.scalars(
        select(BoardMeeting)
        .where(
            BoardMeeting.plan_id == plan.id,
            BoardMeeting.status == SCHEDULED,
            BoardMeeting.starts_at >= start,
            BoardMeeting.starts_at <= end + timedelta(days=1),
            (BoardMeeting.series_id != series.id) | BoardMeeting.series_id.is_(None),
        )
        .order_by(BoardMeeting.starts_at, BoardMeeting.id)
    )
    for meeting in rows:
        found.setdefault(meeting.starts_at.astimezone(tz).date(), meeting)
    return found


def ensure_upcoming(session: Session, plan: Plan, *, now: datetime) -> int:
    """Materialise every series of the plan up to the horizon; the number of meetings made."""
    every = session.scalars(select(BoardSeries).where(BoardSeries.plan_id == plan.id)).all()
    return sum(len(materialise(session, plan, series, now=now).created) for series in every)
