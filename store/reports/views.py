"""The view-models reports render: plain frozen dataclasses of text and numbers, never ORM
objects, so a template cannot reach the database and every figure is fixed before rendering."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.domain import STATUS_ORDER, Status
from store.kpis.status import KpiLine

if TYPE_CHECKING:
    from store.reports.coverage import Coverage
    from store.reports.risk_views import RiskSection


@dataclass(frozen=True)
class RagCounts:
    red: int = 0
    amber: int = 0
    green: int = 0
    complete: int = 0
    not_started: int = 0

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> RagCounts:
        counts = dict.fromkeys((s.value for s in STATUS_ORDER), 0)
        for status in statuses:
            counts[status.value] += 1
        return cls(**counts)

    def get(self, status: str) -> int:
        """The count for a status value ("red", "not_started" …), for templates."""
        return int(getattr(self, Status(status).value))

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.complete + self.not_started

    @property
    def pressure(self) -> float:
        """Red counts twice and amber once, per action: the direction-of-travel measure."""
        return (2 * self.red + self.amber) / self.total if self.total else 0.0


@dataclass(frozen=True)
class StatusLabel:
    value: str  # "red"
    label: str  # the plan's word, e.g. "Off track"


@dataclass(frozen=True)
class ActionItem:
    ref: str
    title: str
    theme: str  # theme number, "" for none
    owner: str
    status: str  # status value
    status_label: str
    due: str  # "Thu 31 Dec 2026", or "Ongoing"
    overdue_days: int | None
    note: str
    evidence: list[str] = field(default_factory=list)
    success_measure: str = ""


@dataclass(frozen=True)
class MovedDate:
    ref: str
    title: str
    theme: str
    owner: str
    old_due: str
    new_due: str
    moved_on: str
    reason: str


@dataclass(frozen=True)
class CompletedItem:
    ref: str
    title: str
    theme: str
    owner: str
    completed_on: str
    evidence: list[str]
    # "complete", or "complete, awaiting sign-off": a board must not read the second as done.
    status_label: str
    awaiting_signoff: bool = False


@dataclass(frozen=True)
class ThemeSummary:
    number: str
    name: str
    lead: str
    now: RagCounts
    before: RagCounts | None
    direction: str | None  # improving, worsening, steady; None with nothing to compare
    in_focus: bool


@dataclass(frozen=True)
class ThemeExceptions:
    number: str
    name: str
    red_amber: list[ActionItem]  # overdue ones carry overdue_days and are not in `overdue`
    overdue: list[ActionItem]  # overdue actions that are not red or amber
    moved: list[MovedDate]

    @property
    def empty(self) -> bool:
        return not (self.red_amber or self.overdue or self.moved)


@dataclass(frozen=True)
class FocusTheme:
    number: str
    name: str
    lead: str
    counts: RagCounts
    actions: list[ActionItem]


@dataclass(frozen=True)
class TrendPoint:
    label: str  # "Board", "Now" or "This meeting"
    day: str  # "3 Sep 2026"
    counts: RagCounts
    current: bool  # the report's own snapshot, not a past board


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    title: str
    when: str  # "Thu 3 Dec 2026, 10:00"
    day: str  # "2026-12-03", local
    themes: list[str]  # "2. Front door and early help"
    past: bool


@dataclass(frozen=True)
class BoardPack:
    plan_name: str
    plan_slug: str
    title: str
    meeting: MeetingInfo | None
    as_at: str  # "Mon 16 Nov 2026, 10:00"
    since: str  # "since the board on Thu 1 Oct 2026" or "since the plan was set up"
    generated: str
    statuses: list[StatusLabel]
    overall: RagCounts
    overall_before: RagCounts | None
    overall_direction: str | None
    themes: list[ThemeSummary]
    exceptions: list[ThemeExceptions]
    completed: list[CompletedItem]
    focus: list[FocusTheme]
    kpis: list[KpiLine]
    trend: list[TrendPoint]
    # "Compared with the Improvement Board of Thursday 17 December 2026."
    compared: str = ""
    risks: RiskSection | None = None  # None: the plan keeps no risk register yet
    coverage: Coverage | None = None  # None: the plan has no findings recorded yet

    @property
    def overdue_count(self) -> int:
        """Every overdue action: those listed as overdue, and red or amber ones marked so."""
        marked = sum(1 for t in self.exceptions for a in t.red_amber if a.overdue_days)
        return marked + sum(len(t.overdue) for t in self.exceptions)

    @property
    def moved_count(self) -> int:
        return sum(len(t.moved) for t in self.exceptions)

    @property
    def red_amber_count(self) -> int:
        return sum(len(t.red_amber) for t in self.exceptions)

    @property
    def awaiting_signoff_count(self) -> int:
        return sum(c.awaiting_signoff for c in self.completed)


@dataclass(frozen=True)
class ScrutinyItem:
    kind: str  # "action" or "kpi"
    ref: str  # action ref or KPI code
    title: str
    theme: str
    owner: str
    status: str  # status value (actions) or RAG (KPIs)
    status_label: str
    reasons: list[str]  # why it is in its group: "red", "overdue 12 days", "due date moved 3 times"
    detail: str  # the latest note, or the KPI's latest value against target


@dataclass(frozen=True)
class ScrutinyGroup:
    key: str  # "going_well", "to_watch", "do_better"
    title: str
    rule: str  # the grouping rule, in words
    items: list[ScrutinyItem]


@dataclass(frozen=True)
class ScrutinyReport:
    plan_name: str
    plan_slug: str
    title: str
    period: str  # "Mon 17 Aug 2026 to Mon 16 Nov 2026"
    generated: str
    statuses: list[StatusLabel]
    overall: RagCounts
    overall_before: RagCounts
    overall_direction: str | None
    themes: list[ThemeSummary]
    groups: list[ScrutinyGroup]
    kpis: list[KpiLine]
    risks: RiskSection | None = None
