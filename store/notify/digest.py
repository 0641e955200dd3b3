"""The weekly digest: RAG counts with change since the last digest, and what needs attention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import boards, history
from store.dates import uk
from store.domain import STATUS_ORDER, Status
from store.kpis.status import kpi_exceptions
from store.models import BoardMeeting, OutboxMessage, Person, Plan
from store.notify.risks import worsened
from store.notify.rows import ActionRow, load
from store.notify.views import BoardLine, Count, Digest, Line, Lines, Section
from store.workdays import WorkingDays

NEWLY_RED = "Newly red"
OVERDUE = "Overdue"
DUE_SOON = "Due in the next 14 days"
COMPLETED = "Completed since the last digest"
STALE = "Not updated for 28 days"
RED = Status.RED.value


class Unread:
    """Not read yet (unlike None: read, and there is none)."""


UNREAD = Unread()


def digest_day(plan: Plan, workdays: WorkingDays, today: date) -> date | None:
    """The day the digest of `today`'s week is posted: the plan's weekday, or the next working
    day after it in the same week; None when the week has no such day."""
    monday = today - timedelta(days=today.weekday())
    day = workdays.on_or_after(monday + timedelta(days=plan.digest_weekday))
    return day if day.isocalendar()[:2] == today.isocalendar()[:2] else None


def digest_time(plan: Plan) -> time:
    hour, minute = (int(part) for part in plan.digest_time.split(":"))
    return time(hour, minute)


def week_key(plan: Plan, day: date) -> str:
    """The outbox key of the digest of `day`'s week: at most one a week, however many sweeps."""
    year, week, _ = day.isocalendar()
    return f"digest|{plan.id}|{year}-W{week:02d}"


def next_post(session: Session, plan: Plan, now: datetime) -> datetime:
    """When the next sweep posts the plan's digest: now, when this week's is due and not yet
    posted (a sweep runs every few minutes on working days); else the next digest day at the
    plan's digest time."""
    zone = ZoneInfo(plan.timezone)
    workdays = WorkingDays.for_plan(plan)
    today = now.astimezone(zone).date()
    for weeks in range(54):
        day = digest_day(plan, workdays, today + timedelta(weeks=weeks))
        if day is None:
            continue
        at = datetime.combine(day, digest_time(plan), tzinfo=zone).astimezone(UTC)
        if weeks == 0:
            queued = session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.key == week_key(plan, day))
            )
            if queued is not None or (at <= now and not workdays.is_working(today)):
                continue
            if at <= now:
                return now
        return at
    return now + timedelta(weeks=1)  # no working day in a year: a plan closed for good


def previous_digest(session: Session, plan: Plan, now: datetime) -> datetime:
    """When the last digest was queued, or a week ago when there has been none."""
    last = session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.plan_id == plan.id,
            OutboxMessage.kind == "digest",
            OutboxMessage.created_at < now,
        )
    )
    return last or now - timedelta(days=7)


def build(
    session: Session,
    plan: Plan,
    now: datetime,
    today: date,
    *,
    since: datetime | None = None,
    rows: list[ActionRow] | None = None,
    lines: Lines | None = None,
    meeting: BoardMeeting | Unread | None = UNREAD,
    risks: bool = True,
) -> Digest:
    """The digest as it would post at `now`; a sweep passes what it has read already: the
    rows, their lines, the next meeting, and whether the plan has any open risks."""
    since = since or previous_digest(session, plan, now)
    actions = rows if rows is not None else load(session, plan.id)
    if lines is None:
        ids = {a.owner_id for a in actions if a.owner_id}
        query = select(Person.id, Person.name).where(Person.id.in_(ids))
        lines = Lines(plan, today, {pid: name for pid, name in session.execute(query)})
    was = history.statuses_at(session, plan.id, since)
    now_counts = Counter(a.status for a in actions)
    then_counts = Counter(status.value for status in was.values())
    counts = [
        Count(
            s.value,
            plan.label(s.value),
            now_counts[s.value],
            _change(now_counts[s.value] - then_counts[s.value]),
        )
        for s in STATUS_ORDER
    ]

    def those(keep: Callable[[ActionRow], bool]) -> list[Line]:
        return [lines(a) for a in actions if keep(a)]

    soon = today + timedelta(days=14)
    sections = [
        Section(NEWLY_RED, those(lambda a: a.status == RED and was.get(a.id) is not Status.RED)),
        Section(OVERDUE, those(lambda a: a.is_overdue(today))),
        Section(
            DUE_SOON,
            those(lambda a: a.is_open and a.due_date is not None and today <= a.due_date <= soon),
        ),
        Section(COMPLETED, those(lambda a: not a.is_open and was.get(a.id) is not Status.COMPLETE)),
        Section(STALE, those(lambda a: a.is_open and (now - a.updated_at).days >= 28)),
    ]
    kpis = kpi_exceptions(session, plan, now)
    return Digest(
        plan=plan.name,
        week_of=uk(today - timedelta(days=today.weekday())),
        since=uk(since.date()),
        counts=counts,
        sections=sections,
        kpis=kpis,
        board=board_line(session, plan, now, today, meeting),
        risks=worsened(session, plan, since, now) if risks else [],
    )


def board_line(
    session: Session,
    plan: Plan,
    now: datetime,
    today: date,
    meeting: BoardMeeting | Unread | None = UNREAD,
) -> BoardLine | None:
    if isinstance(meeting, Unread):
        meeting = boards.next_meeting(session, plan.id, now)
    if meeting is None:
        return None
    start = boards.local_start(meeting, plan.timezone)
    due = boards.deadlines(meeting, plan, WorkingDays.for_plan(plan))
    names = {t.number: f"{t.number} {t.name}" for t in plan.themes}
    return BoardLine(
        when=f"{uk(start.date())} at {start:%H:%M}",
        themes=[names.get(str(n), str(n)) for n in meeting.themes],
        updates_due=uk(due.updates),
        papers_due=uk(due.papers),
        days_to_go=(start.date() - today).days,
    )


def _change(delta: int) -> str:
    return f"+{delta}" if delta > 0 else (str(delta) if delta < 0 else "")
