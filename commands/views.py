"""Plain view-models for replies, built from rows inside the transaction; templates never see
ORM objects."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from store.dates import uk
from store.domain import Status
from store.models import Action, Plan


@dataclass(frozen=True)
class ActionLine:
    ref: str
    title: str
    status: str
    label: str
    due: str
    overdue_days: int
    owner: str
    theme: str
    signoff_pending: bool = False


@dataclass(frozen=True)
class ActionCard:
    line: ActionLine
    plan: str
    success_measure: str | None
    source: str | None
    supporting: str | None
    baseline_due: str | None
    start: str | None
    note: str | None
    updated: str
    evidence: list[str] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Changed:
    """The reply to a change: what changed, and what happens next if anything."""

    ref: str
    title: str
    changes: list[FieldChange]
    note: str | None = None
    reason: str | None = None
    next_step: str | None = None
    unchanged: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    when: str
    who: str
    via: str
    changes: list[FieldChange]
    note: str | None
    reason: str | None
    # What the change amounted to, when a field list alone would hide it: "reopened",
    # "signed off".
    event: str | None = None


@dataclass(frozen=True)
class HistoryView:
    ref: str
    title: str
    entries: list[HistoryEntry]
    # Older entries left out: a chat reply shows the latest HISTORY_SHOWN.
    earlier: int = 0


@dataclass(frozen=True)
class ListView:
    heading: str
    lines: list[ActionLine]
    more: int = 0
    empty: str = "Nothing to show."
    hint: str | None = None


@dataclass(frozen=True)
class Notice:
    """A one-paragraph reply."""

    text: str


@dataclass(frozen=True)
class ErrorView:
    message: str
    usage: str | None = None


def local(at: datetime, plan: Plan) -> datetime:
    return at.astimezone(ZoneInfo(plan.timezone))


def when(at: datetime, plan: Plan) -> str:
    moment = local(at, plan)
    return f"{uk(moment.date())} {moment:%H:%M}"


def status_text(plan: Plan, status: str, signoff_pending: bool = False) -> str:
    label = plan.label(status)
    return f"{label}, awaiting sign-off" if signoff_pending else label


def line(action: Action, plan: Plan, today: date) -> ActionLine:
    overdue = (today - action.due_date).days if action.is_overdue(today) and action.due_date else 0
    return ActionLine(
        ref=action.ref,
        title=action.title,
        status=action.status,
        label=status_text(plan, action.status, action.signoff_pending),
        due=uk(action.due_date, empty="ongoing"),
        overdue_days=overdue,
        owner=action.owner.display if action.owner else "no owner",
        theme=action.theme.name if action.theme else "",
        signoff_pending=action.signoff_pending,
    )


def card(action: Action, plan: Plan, today: date) -> ActionCard:
    return ActionCard(
        line=line(action, plan, today),
        plan=plan.name,
        success_measure=action.success_measure,
        source=action.source,
        supporting=action.supporting,
        baseline_due=uk(action.baseline_due) if action.baseline_due != action.due_date else None,
        start=uk(action.start_date) if action.start_date else None,
        note=action.latest_note,
        updated=when(action.updated_at, plan),
        evidence=[item.text for item in action.evidence],
        kpis=[f"{k.code} {k.name}" for k in action.kpis],
    )


FIELD_NAMES = {
    "status": "status",
    "signoff_pending": "sign-off",
    "due_date": "due date",
    "baseline_due": "baseline due date",
    "start_date": "start date",
    "owner_id": "owner",
    "theme_id": "theme",
    "latest_note": "note",
    "title": "title",
    "success_measure": "success measure",
    "source": "source",
    "supporting": "supporting officers",
    "evidence": "evidence",
    "created": "created",
    "recommendation": "answers finding",
}


def describe(plan: Plan, field_name: str, text: str | None, names: dict[str, str]) -> str:
    """A history value as a reader wants it: labels for statuses, UK dates, names for ids."""
    if text is None:
        return "none"
    if field_name == "status":
        return plan.label(text) if text in Status._value2member_map_ else text
    if field_name in ("due_date", "baseline_due", "start_date"):
        return uk(date.fromisoformat(text))
    if field_name in ("owner_id", "theme_id"):
        return names.get(f"{field_name}:{text}", text)
    if field_name == "signoff_pending":
        return "awaiting sign-off" if text == "true" else "none"
    return text


class FieldDiff(Protocol):
    """A Change row, as far as describing it goes."""

    @property
    def field(self) -> str: ...
    @property
    def old(self) -> str | None: ...
    @property
    def new(self) -> str | None: ...


def event(changes: Sequence[FieldDiff]) -> str | None:
    """What one update did to the sign-off state. Leaving complete for any other status is a
    reopening, whoever did it; only the sign-off field clearing with the status still complete
    is a sign-off (a plan lead's /action signoff)."""
    status = next((c for c in changes if c.field == "status"), None)
    if status is not None and status.old == Status.COMPLETE.value and status.new != status.old:
        return "reopened"
    pending = next((c for c in changes if c.field == "signoff_pending"), None)
    if pending is not None and pending.old == "true" and pending.new != "true":
        return "signed off"
    return None


def field_changes(
    plan: Plan,
    changes: Sequence[FieldDiff],
    names: dict[str, str],
    only: Collection[str] | None = None,
) -> list[FieldChange]:
    """The changes of one update as a reader wants them. The sign-off field says what ended
    the wait for sign-off, read from the whole update: signed off, or reopened."""
    what = event(changes)
    shown = []
    for c in changes:
        if only is not None and c.field not in only:
            continue
        new = describe(plan, c.field, c.new, names)
        if c.field == "signoff_pending" and c.old == "true" and c.new != "true":
            new = what or "signed off"
        old = describe(plan, c.field, c.old, names)
        shown.append(FieldChange(FIELD_NAMES.get(c.field, c.field), old, new))
    return shown
