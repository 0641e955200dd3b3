"""The weekly digest: RAG counts with change since the last digest, and what needs attention."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from store import boards, history
from store.dates import uk
from store.domain import STATUS_ORDER, Status
from store.kpi_status import kpi_exceptions
from store.models import Action, BoardMeeting, OutboxMessage, Plan
from store.notify.views import BoardLine, Count, Digest, KpiLine, Section, line
from store.workdays import WorkingDays

NEWLY_RED = "Newly red"
OVERDUE = "Overdue"
DUE_SOON = "Due in the next 14 days"
COMPLETED = "Completed since the last digest"
STALE = "Not updated for 28 days"


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
    session: Session, plan: Plan, now: datetime, today: date, *, since: datetime | None = None
) -> Digest:
    since = since or previous_digest(session, plan, now)
    actions = session.scalars(
        select(Action)
        .where(Action.plan_id == plan.id)
        .options(selectinload(Action.owner), selectinload(Action.theme))
        .order_by(Action.ref_key)
    ).all()
    before = history.as_at(session, plan.id, since)
    now_counts = Counter(a.status for a in actions)
    then_counts = Counter(s.status.value for s in before.values())
    counts = [
        Count(
            s.value,
            plan.label(s.value),
            now_counts[s.value],
            _change(now_counts[s.value] - then_counts[s.value]),
        )
        for s in STATUS_ORDER
    ]
    open_ = [a for a in actions if a.state.is_open]
    was = {action_id: snap.status for action_id, snap in before.items()}
    sections = [
        Section(
            NEWLY_RED,
            [
                line(a, plan, today)
                for a in open_
                if a.state is Status.RED and was.get(a.id) is not Status.RED
            ],
        ),
        Section(OVERDUE, [line(a, plan, today) for a in open_ if a.is_overdue(today)]),
        Section(
            DUE_SOON,
            [
                line(a, plan, today)
                for a in open_
                if a.due_date and today <= a.due_date <= today + timedelta(days=14)
            ],
        ),
        Section(
            COMPLETED,
            [
                line(a, plan, today)
                for a in actions
                if a.state is Status.COMPLETE and was.get(a.id) is not Status.COMPLETE
            ],
        ),
        Section(STALE, [line(a, plan, today) for a in open_ if (now - a.updated_at).days >= 28]),
    ]
    kpis = [
        KpiLine(k.code, k.name, k.rag.value, k.value, k.target, k.direction)
        for k in kpi_exceptions(session, plan, now)
    ]
    return Digest(
        plan=plan.name,
        week_of=uk(today - timedelta(days=today.weekday())),
        since=uk(since.date()),
        counts=counts,
        sections=sections,
        kpis=kpis,
        board=board_line(session, plan, now, today),
    )


def board_line(
    session: Session, plan: Plan, now: datetime, today: date, meeting: BoardMeeting | None = None
) -> BoardLine | None:
    meeting = meeting or boards.next_meeting(session, plan.id, now)
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
