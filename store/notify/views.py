"""Plain view-models for notifications; templates render these, never rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from store.dates import uk
from store.models import Action, Plan


@dataclass(frozen=True)
class Line:
    ref: str
    title: str
    status: str
    label: str
    due: str
    owner: str
    overdue_days: int = 0


def line(action: Action, plan: Plan, today: date) -> Line:
    overdue = (today - action.due_date).days if action.is_overdue(today) and action.due_date else 0
    label = plan.label(action.status)
    if action.signoff_pending:
        label += ", awaiting sign-off"
    return Line(
        ref=action.ref,
        title=action.title,
        status=action.status,
        label=label,
        due=uk(action.due_date, empty="ongoing"),
        owner=action.owner.display if action.owner else "no owner",
        overdue_days=overdue,
    )


@dataclass(frozen=True)
class Reminder:
    """One person's DM for the day."""

    name: str
    plan: str
    items: list[tuple[Line, str, str]]  # line, plan slug, why


@dataclass(frozen=True)
class Count:
    status: str
    label: str
    now: int
    change: str  # "+2", "-1" or ""


@dataclass(frozen=True)
class KpiLine:
    code: str
    name: str
    rag: str
    value: str
    target: str
    direction: str | None


@dataclass(frozen=True)
class BoardLine:
    when: str
    themes: list[str]
    updates_due: str
    papers_due: str
    days_to_go: int


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[Line]


@dataclass(frozen=True)
class Digest:
    plan: str
    week_of: str
    since: str
    counts: list[Count]
    sections: list[Section]
    kpis: list[KpiLine] = field(default_factory=list)
    board: BoardLine | None = None

    def size(self, heading: str) -> int:
        return next((len(s.lines) for s in self.sections if s.heading == heading), 0)


@dataclass(frozen=True)
class BoardReminder:
    plan: str
    board: BoardLine
    today: bool
