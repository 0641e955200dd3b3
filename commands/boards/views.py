"""Plain view-models for /board replies, and the builders that fill them from rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from commands.views import ActionLine
from store import boards
from store.dates import uk
from store.models import BoardMeeting, Plan
from store.workdays import WorkingDays


@dataclass(frozen=True)
class MeetingLine:
    when: str  # "Thu 18 Feb 2027 at 10:00"
    title: str
    themes: str
    note: str | None = None  # "moved from …", "one-off"
    cancelled: bool = False


@dataclass(frozen=True)
class NextView:
    title: str
    plan: str
    when: str
    to_go: str
    themes: list[str]
    updates: str
    papers: str
    note: str | None = None


@dataclass(frozen=True)
class BoardListView:
    heading: str
    series: str | None
    lines: list[MeetingLine]
    notes: list[str] = field(default_factory=list)
    empty: str = "No board meetings are scheduled."


@dataclass(frozen=True)
class ThemeBlock:
    title: str
    lead: str | None
    lines: list[ActionLine]


@dataclass(frozen=True)
class MoveLine:
    ref: str
    title: str
    old: str
    new: str
    reason: str
    who: str
    when: str


@dataclass(frozen=True)
class AgendaView:
    heading: str
    meeting: str | None
    themes: list[ThemeBlock]
    red: list[ActionLine]
    overdue: list[ActionLine]
    moved: list[MoveLine]
    since: str
    more: str | None = None


def to_go(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 12 days', '3 days ago'."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def when(at: datetime, plan: Plan) -> str:
    local = at.astimezone(ZoneInfo(plan.timezone))
    return f"{uk(local.date())} at {local:%H:%M}"


def theme_names(plan: Plan, numbers: list[str]) -> list[str]:
    names = {theme.number: theme.name for theme in plan.themes}
    return [f"{n} {names.get(n, '')}".strip() for n in numbers]


def meeting_note(meeting: BoardMeeting, plan: Plan) -> str | None:
    if meeting.status == boards.CANCELLED:
        return "cancelled"
    if meeting.occurrence is None:
        return "one-off"
    if meeting.occurrence != meeting.starts_at:
        return f"moved from {when(meeting.occurrence, plan)}"
    return None


def meeting_line(meeting: BoardMeeting, plan: Plan) -> MeetingLine:
    return MeetingLine(
        when=when(meeting.starts_at, plan),
        title=meeting.title,
        themes="; ".join(theme_names(plan, [str(n) for n in meeting.themes])),
        note=meeting_note(meeting, plan),
        cancelled=meeting.status == boards.CANCELLED,
    )


def deadline_text(day: date, today: date) -> str:
    return f"{uk(day)} ({to_go(day, today)})"


def next_view(meeting: BoardMeeting, plan: Plan, today: date) -> NextView:
    due = boards.deadlines(meeting, plan, WorkingDays.for_plan(plan))
    day = boards.local_start(meeting, plan.timezone).date()
    return NextView(
        title=meeting.title,
        plan=plan.name,
        when=when(meeting.starts_at, plan),
        to_go=to_go(day, today),
        themes=theme_names(plan, [str(n) for n in meeting.themes]),
        updates=deadline_text(due.updates, today),
        papers=deadline_text(due.papers, today),
        note=meeting_note(meeting, plan),
    )


def list_view(session: Session, plan: Plan, now: datetime) -> BoardListView:
    """Upcoming meetings (to the materialising horizon), cancelled ones included."""
    boards.ensure_upcoming(session, plan, now=now)
    found = boards.meetings_between(session, plan.id, now, now + boards.HORIZON)
    series = boards.current_series(session, plan.id)
    return BoardListView(
        heading=f"Board meetings for {plan.name}",
        series=f"Meets {boards.describe_series(series)}." if series else None,
        lines=[meeting_line(m, plan) for m in found],
        empty="No board meetings are scheduled. A plan lead can set them with /board schedule.",
    )
