"""Coverage: for each finding the plan answers (Ofsted recommendation, area for improvement,
DfE notice item), its actions by RAG, and the findings that need a board's attention:

- no actions: nothing in the plan answers it;
- no open action: every action answering it is complete (is the finding met? the board says);
- every open action overdue: it is being answered late.

Read from the history as at an instant, like the rest of a board pack: the findings added
by then, the links made by then, each action's status and due date then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.dates import uk
from store.domain import STATUS_ORDER, Status
from store.history import Snapshot, as_at
from store.models import Action, Change, Plan, Recommendation
from store.reports.views import RagCounts, StatusLabel

NO_ACTIONS = "no actions"
NONE_OPEN = "no open action"
ALL_OVERDUE = "every open action overdue"


@dataclass(frozen=True)
class CoveredAction:
    ref: str
    title: str
    status: str
    label: str
    due: str
    overdue_days: int


@dataclass(frozen=True)
class CoverageLine:
    code: str
    source: str
    text: str
    counts: RagCounts
    actions: list[CoveredAction]
    flag: str | None  # NO_ACTIONS, NONE_OPEN, ALL_OVERDUE, or None when it is answered

    @property
    def flag_text(self) -> str:
        if self.flag == NONE_OPEN:
            return f"no open action: all {self.counts.total} complete"
        return self.flag or ""


@dataclass(frozen=True)
class Coverage:
    plan: str
    as_at: str
    statuses: list[StatusLabel]
    lines: list[CoverageLine]

    @property
    def flagged(self) -> list[CoverageLine]:
        return [line for line in self.lines if line.flag]

    def count(self, flag: str) -> int:
        return sum(1 for line in self.lines if line.flag == flag)


def coverage(
    session: Session,
    plan: Plan,
    at: datetime,
    today: date,
    snapshots: Mapping[int, Snapshot] | None = None,
) -> Coverage:
    """Coverage as at `at` (overdue measured against `today`, the plan's date then)."""
    snaps = snapshots if snapshots is not None else as_at(session, plan.id, at)
    findings = session.execute(
        select(Recommendation.code, Recommendation.source, Recommendation.text)
        .where(Recommendation.plan_id == plan.id, Recommendation.created_at <= at)
        .order_by(Recommendation.sort_key)
    ).all()
    linked = links_at(session, plan.id, at)
    statuses = [StatusLabel(s.value, plan.label(s.value)) for s in STATUS_ORDER]
    lines = []
    for code, source, text in findings:
        mine = sorted(
            (snaps[i] for i in linked.get(code, set()) if i in snaps),
            key=lambda s: tuple(int(p) for p in s.ref.split(".")),
        )
        lines.append(_line(plan, code, source, text, mine, today))
    day = uk(today)
    return Coverage(plan.name, day, statuses, lines)


def links_at(session: Session, plan_id: int, at: datetime) -> dict[str, set[int]]:
    """Finding code -> the ids of the actions linked to it by `at`."""
    rows = session.execute(
        select(Change.new, Change.action_id)
        .join(Action, Action.id == Change.action_id)
        .where(Action.plan_id == plan_id, Change.field == "recommendation", Change.at <= at)
    )
    found: dict[str, set[int]] = {}
    for code, action_id in rows:
        if code and action_id is not None:
            found.setdefault(code, set()).add(action_id)
    return found


def _line(
    plan: Plan, code: str, source: str, text: str, snaps: list[Snapshot], today: date
) -> CoverageLine:
    actions = []
    for snap in snaps:
        overdue = snap.status.is_open and snap.due_date is not None and snap.due_date < today
        label = plan.label(snap.status.value)
        actions.append(
            CoveredAction(
                ref=snap.ref,
                title=snap.title,
                status=snap.status.value,
                label=f"{label}, awaiting sign-off" if snap.signoff_pending else label,
                due=uk(snap.due_date, empty="ongoing"),
                overdue_days=(today - snap.due_date).days if overdue and snap.due_date else 0,
            )
        )
    # Awaiting sign-off is not closed: it still counts as open.
    open_ones = [
        a for a, s in zip(actions, snaps, strict=True)
        if a.status != Status.COMPLETE.value or s.signoff_pending
    ]  # fmt: skip
    flag = None
    if not actions:
        flag = NO_ACTIONS
    elif not open_ones:
        flag = NONE_OPEN
    elif all(a.overdue_days for a in open_ones):
        flag = ALL_OVERDUE
    counts = RagCounts.of(s.status for s in snaps)
    return CoverageLine(code, source, text, counts, actions, flag)
