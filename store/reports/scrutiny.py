"""The scrutiny report: the board pack's facts grouped as "going well / ones to watch / things
to do better", over a period (by default the last quarter).

Each action and KPI goes in at most one group, the first whose rule it meets, checked from
"things to do better" up, so an action that is both amber and overdue is to do better:

- things to do better: red actions; open actions overdue at the end of the period; open
  actions whose due date has moved more than `moved_more_than` times (default once); red KPIs;
- ones to watch: amber actions; open actions due within `due_within_days` days after the end
  of the period (default 30); amber KPIs;
- going well: actions completed during the period; green actions that were red or amber at
  its start (with `green_improving`, default on); green KPIs.

Anything else (green and steady, not started, completed earlier) is counted but not listed.
A plan tunes the rules in Plan.settings["scrutiny"]:

    {"due_within_days": 14, "moved_more_than": 2, "green_improving": false, "period_days": 91}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from store.domain import Status
from store.history import Snapshot
from store.kpis.status import KpiStatus
from store.kpis.status import line as kpi_line
from store.models import Plan
from store.reports import snapshots
from store.reports.facts import Facts
from store.reports.risks import risk_section
from store.reports.scope import ReportError
from store.reports.views import ScrutinyGroup, ScrutinyItem, ScrutinyReport


@dataclass(frozen=True)
class ScrutinyRules:
    due_within_days: int = 30
    moved_more_than: int = 1
    green_improving: bool = True
    period_days: int = 91  # the default period: a quarter, as committees usually meet

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ScrutinyRules:
        """Stored overrides over the defaults; wrong kinds of value are ignored."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            value = (data or {}).get(field.name)
            if isinstance(field.default, bool):
                if isinstance(value, bool):
                    values[field.name] = value
            elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                values[field.name] = value
        return cls(**values)

    @classmethod
    def for_plan(cls, plan: Plan) -> ScrutinyRules:
        section = (plan.settings or {}).get("scrutiny")
        return cls.from_json(section if isinstance(section, Mapping) else None)


TITLES = {
    "do_better": "Things to do better",
    "to_watch": "Ones to watch",
    "going_well": "Going well",
}


def build_scrutiny(
    session: Session,
    plan: Plan,
    *,
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ScrutinyReport:
    """The report for the period from `since` to `until` (default: the last quarter to now)."""
    rules = ScrutinyRules.for_plan(plan)
    end = min(until or now, now)
    start = since or end - timedelta(days=rules.period_days)
    if start >= end:
        raise ReportError("The period starts after it ends. Give a --since date before --until.")
    facts = Facts.load(session, plan, end, start)
    groups: dict[str, list[ScrutinyItem]] = {key: [] for key in TITLES}
    moved = snapshots.move_counts(session, plan.id, end)
    for snap in sorted(facts.now.values(), key=lambda s: _ref_order(s.ref)):
        placed = _place(facts, rules, snap, moved.get(snap.action_id, 0))
        if placed is not None:
            groups[placed[0]].append(_item(facts, snap, placed[1]))
    kpis = facts.kpis()
    for status in kpis:
        placed_kpi = _place_kpi(status)
        if placed_kpi is not None:
            groups[placed_kpi].append(_kpi_item(status))
    overall, before = facts.overall()
    return ScrutinyReport(
        plan_name=plan.name,
        plan_slug=plan.slug,
        title=f"Scrutiny report: {plan.name}",
        period=f"{facts.local_day(start)} to {facts.local_day(end)}",
        generated=facts.local_time(now),
        statuses=facts.statuses(),
        overall=overall,
        overall_before=before or overall,
        overall_direction=snapshots.travel(overall, before),
        themes=facts.theme_summaries(set()),
        groups=[
            ScrutinyGroup(key, TITLES[key], rule_text(rules, key), groups[key]) for key in TITLES
        ],
        kpis=[kpi_line(k) for k in kpis],
        risks=risk_section(
            session,
            plan,
            at=end,
            before=start,
            today=facts.today,
            since=f"since {facts.local_day(start)}",
            actions=facts.now,
            owners=facts.owners,
        ),
    )


def rule_text(rules: ScrutinyRules, key: str) -> str:
    """A group's rule in words, printed under its heading."""
    moved = "once" if rules.moved_more_than == 1 else f"{rules.moved_more_than} times"
    return {
        "do_better": f"Red, overdue, or due date moved more than {moved}; red KPIs.",
        "to_watch": f"Amber, or due within {rules.due_within_days} days; amber KPIs.",
        "going_well": "Completed in the period"
        + (", or green after being red or amber" if rules.green_improving else "")
        + "; green KPIs.",
    }[key]


def _place(
    facts: Facts, rules: ScrutinyRules, snap: Snapshot, moved: int
) -> tuple[str, list[str]] | None:
    then = (facts.then or {}).get(snap.action_id)
    if snap.status is Status.COMPLETE:
        if then is None or then.status is not Status.COMPLETE:
            done = "completed in the period"
            return "going_well", [f"{done}, awaiting sign-off" if snap.signoff_pending else done]
        return None
    worse: list[str] = []
    if snap.status is Status.RED:
        worse.append(facts.plan.label("red"))
    if snapshots.is_overdue(snap, facts.today) and snap.due_date is not None:
        worse.append(f"overdue {(facts.today - snap.due_date).days} days")
    if moved > rules.moved_more_than:
        worse.append(f"due date moved {moved} times")
    if worse:
        return "do_better", worse
    watch: list[str] = []
    if snap.status is Status.AMBER:
        watch.append(facts.plan.label("amber"))
    if snap.due_date is not None and (snap.due_date - facts.today).days <= rules.due_within_days:
        watch.append(f"due in {(snap.due_date - facts.today).days} days")
    if watch:
        return "to_watch", watch
    was = then.status if then is not None else None
    if rules.green_improving and snap.status is Status.GREEN and was in (Status.RED, Status.AMBER):
        return "going_well", [f"green, was {facts.plan.label(was.value)}"]
    return None


def _item(facts: Facts, snap: Snapshot, reasons: list[str]) -> ScrutinyItem:
    item = facts.item(snap)
    return ScrutinyItem(
        kind="action",
        ref=item.ref,
        title=item.title,
        theme=item.theme,
        owner=item.owner,
        status=item.status,
        status_label=item.status_label,
        reasons=reasons,
        detail=item.note,
    )


def _place_kpi(status: KpiStatus) -> str | None:
    return (
        {
            Status.RED: "do_better",
            Status.AMBER: "to_watch",
            Status.GREEN: "going_well",
        }.get(status.rag)
        if status.rag
        else None
    )


def _kpi_item(status: KpiStatus) -> ScrutinyItem:
    rag = status.rag.value if status.rag else ""
    reasons = [f"KPI {rag}"] + ([status.direction] if status.direction else [])
    return ScrutinyItem(
        kind="kpi",
        ref=status.code,
        title=status.name,
        theme="",
        owner=status.owner,
        status=rag,
        status_label=rag,
        reasons=reasons,
        detail=(
            f"{status.latest_text} ({status.period_text}) against a target of "
            f"{status.target_text}" + (f". {status.note}" if status.note else "")
        ),
    )


def _ref_order(ref: str) -> tuple[int, ...]:
    return tuple(int(p) for p in ref.split(".") if p.isdigit())
