"""Plain view-models for /board replies, and the builders that fill them from rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    id: int | None = None  # shown on the command line, where `report board --meeting` takes it


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
    ids: bool = False  # show each meeting's id (the command line)


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
    if meeting.occurrence is None or boards.is_adopted(meeting):
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
        id=meeting.id,
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


def list_view(session: Session, plan: Plan, now: datetime, *, ids: bool = False) -> BoardListView:
    """Upcoming meetings (to the materialising horizon), cancelled ones included."""
    boards.ensure_upcoming(session, plan, now=now)
    found = boards.meetings_between(session, plan.id, now, now + boards.HORIZON)
    series = boards.current_series(session, plan.id)
    return BoardListView(
        heading=f"Board meetings for {plan.name}",
        series=f"Meets {boards.describe_series(series)}." if series else None,
        lines=[meeting_line(m, plan) for m in found],
        empty="No board meetings are scheduled. A plan lead can set them with /board schedule.",
        ids=ids,
    )


def schedule_view(
    done: boards.Scheduled, plan: Plan, before: str | None, *, ids: bool = False
) -> BoardListView:
    """The reply to a new series: its meetings, and what it replaced, adopted or lands on."""
    notes = []
    if done.first != done.rule.start:
        notes.append(
            f"{uk(done.rule.start)} is not a day the rule gives, "
            f"so the first meeting is {uk(done.first)}."
        )
    if before is not None:
        kept = "; ".join(when(m.starts_at, plan) for m in done.kept)
        earlier = (
            f", and {done.removed_earlier} left from an earlier series"
            if done.removed_earlier
            else ""
        )
        notes.append(
            f"This replaces the series that met {before}, from {uk(done.first)} on: "
            f"{done.removed - done.removed_earlier} of its meetings removed{earlier}"
            + (f"; moved meetings kept: {kept}." if kept else ".")
        )
    if done.adopted:
        listed = "; ".join(when(m.starts_at, plan) for m in done.adopted)
        notes.append(
            f"One-off meetings already on days the rule gives stay as those days' meetings: "
            f"{listed}."
        )
    notes.extend(closed_day_notes(done.created, plan))
    if not done.created and not done.adopted:
        notes.append("None of its meetings falls in the next 12 months.")
    lines = [(m.starts_at, meeting_line(m, plan)) for m in done.created]
    lines += [
        (m.starts_at, replace(meeting_line(m, plan), note="one-off, kept")) for m in done.adopted
    ]
    return BoardListView(
        heading=f"Scheduled {done.series.title}: {done.rule.describe()}",
        series=None,
        lines=[line for _, line in sorted(lines, key=lambda pair: pair[0])],
        notes=notes,
        ids=ids,
    )


def closed_day_notes(meetings: list[BoardMeeting], plan: Plan) -> list[str]:
    """A series meeting that falls on a closed day is kept, and named so it can be moved."""
    days = WorkingDays.for_plan(plan)
    notes = []
    for meeting in meetings:
        day = boards.local_start(meeting, plan.timezone).date()
        why = days.why_closed(day)
        if why is not None:
            notes.append(
                f"{uk(day)} is {boards.closed_reason(why)}, not a working day: "
                "move that meeting, or keep it."
            )
    return notes
