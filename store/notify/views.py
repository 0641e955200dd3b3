"""Plain view-models for notifications; templates render these, never rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.dates import uk
from store.domain import Status
from store.kpis.status import KpiLine
from store.models import Plan
from store.notify.rows import ActionRow


@dataclass(frozen=True)
class Line:
    ref: str
    title: str
    status: str
    label: str
    due: str
    owner: str
    overdue_days: int = 0


def line(
    action: ActionRow,
    plan: Plan,
    today: date,
    owners: Mapping[int, str],
    labels: Mapping[str, str] | None = None,
) -> Line:
    overdue = (today - action.due_date).days if action.is_overdue(today) and action.due_date else 0
    label = labels[action.status] if labels else plan.label(action.status)
    if action.signoff_pending:
        label += ", awaiting sign-off"
    return Line(
        ref=action.ref,
        title=action.title,
        status=action.status,
        label=label,
        due=uk(action.due_date, empty="ongoing"),
        owner=owners.get(action.owner_id or -1, "no owner"),
        overdue_days=overdue,
    )


@dataclass(frozen=True)
class RiskNotice:
    """A risk in a DM (due for review) or in the digest (its rating worsened)."""

    code: str
    title: str
    band: str  # red, amber, green, or "": the colour of its dot
    rating: str  # "5x4 (20, red)"
    owner: str
    why: str  # "Review due since …", or "was 4x4 (16, red) because …"


@dataclass(frozen=True)
class Reminder:
    """One person's DM for the day: actions, then risks due for review."""

    name: str
    plan: str
    items: list[tuple[Line, str, str]]  # line, plan slug, why
    risks: list[RiskNotice] = field(default_factory=list)


@dataclass(frozen=True)
class Count:
    status: str
    label: str
    now: int
    change: str  # "+2", "-1" or ""


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
    risks: list[RiskNotice] = field(default_factory=list)  # worse since the last digest

    def size(self, heading: str) -> int:
        return next((len(s.lines) for s in self.sections if s.heading == heading), 0)


@dataclass(frozen=True)
class BoardReminder:
    plan: str
    board: BoardLine
    today: bool


@dataclass(frozen=True)
class FailedItem:
    what: str  # "reminder", "weekly digest" …
    to: str  # a person's name or a channel
    queued: str
    reason: str


@dataclass(frozen=True)
class FailureReport:
    """To a plan lead: messages of their plan that could not be delivered."""

    plan: str
    slug: str
    items: list[FailedItem]
    more: int = 0


# -- to and from the outbox: payloads are plain JSON, rendered when they are sent ----------
def line_json(line: Line) -> list[object]:
    """A line as a list in field order: a big sweep queues a hundred thousand lines, and
    without their field names the payloads are a third smaller and quicker to write."""
    return [line.ref, line.title, line.status, line.label, line.due, line.owner, line.overdue_days]


def line_from(data: list[Any] | Mapping[str, Any]) -> Line:
    # Lines queued before they were lists are objects with field names.
    return Line(**data) if isinstance(data, Mapping) else Line(*data)


def reminder_json(view: Reminder) -> dict[str, object]:
    items = [[line_json(line), slug, why] for line, slug, why in view.items]
    risks = [dict(vars(r)) for r in view.risks]
    return {"name": view.name, "plan": view.plan, "items": items, "risks": risks}


def reminder_from(data: Mapping[str, Any]) -> Reminder:
    items = [(line_from(line), slug, why) for line, slug, why in data["items"]]
    # Reminders queued before risks joined them have none.
    risks = [RiskNotice(**r) for r in data.get("risks", [])]
    return Reminder(data["name"], data["plan"], items, risks)


def digest_json(view: Digest) -> dict[str, object]:
    # By hand: dataclasses.asdict deep-copies, and a digest holds hundreds of lines.
    return {
        "plan": view.plan,
        "week_of": view.week_of,
        "since": view.since,
        "counts": [dict(vars(c)) for c in view.counts],
        "sections": [
            {"heading": s.heading, "lines": [line_json(x) for x in s.lines]} for s in view.sections
        ],
        "kpis": [dict(vars(k)) for k in view.kpis],
        "board": dict(vars(view.board)) if view.board else None,
        "risks": [dict(vars(r)) for r in view.risks],
    }


def digest_from(data: Mapping[str, Any]) -> Digest:
    board = data.get("board")
    return Digest(
        plan=data["plan"],
        week_of=data["week_of"],
        since=data["since"],
        counts=[Count(**c) for c in data["counts"]],
        sections=[
            Section(s["heading"], [line_from(x) for x in s["lines"]]) for s in data["sections"]
        ],
        kpis=[_kpi(k) for k in data.get("kpis", [])],
        board=BoardLine(**board) if board else None,
        risks=[RiskNotice(**r) for r in data.get("risks", [])],
    )


def _kpi(data: Mapping[str, Any]) -> KpiLine:
    # Digests queued before KPI lines were one shape called the reading "value".
    fields = {**data}
    if "value" in fields:
        fields["latest"] = fields.pop("value")
    fields.setdefault("period", "")
    fields.setdefault("baseline", "")
    return KpiLine(**fields)


def board_reminder_json(view: BoardReminder) -> dict[str, object]:
    return dataclasses.asdict(view)


def board_reminder_from(data: Mapping[str, Any]) -> BoardReminder:
    return BoardReminder(data["plan"], BoardLine(**data["board"]), data["today"])


def failure_report_json(view: FailureReport) -> dict[str, object]:
    return dataclasses.asdict(view)


def failure_report_from(data: Mapping[str, Any]) -> FailureReport:
    items = [FailedItem(**item) for item in data["items"]]
    return FailureReport(data["plan"], data["slug"], items, data.get("more", 0))


class Lines:
    """Each action's line, made once per sweep of a plan: DMs and the digest share them."""

    def __init__(self, plan: Plan, today: date, owners: Mapping[int, str]) -> None:
        self.plan, self.today, self.owners = plan, today, owners
        self.labels = {status.value: plan.label(status.value) for status in Status}
        self._made: dict[int, Line] = {}

    def __call__(self, action: ActionRow) -> Line:
        found = self._made.get(action.id)
        if found is None:
            found = line(action, self.plan, self.today, self.owners, self.labels)
            self._made[action.id] = found
        return found
