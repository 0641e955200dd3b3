"""Where each KPI stands, at any instant, by its plan's rules (store.kpis).

`assess` gives one KPI's latest reading, target, RAG and direction from the readings recorded
by then; `kpi_exceptions` gives the red and amber ones, for the weekly digest and reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store import kpis as rules_module
from store.domain import Status
from store.kpis import Direction, KpiRules
from store.models import Kpi, Plan
from store.periods import period_label

_CODE = re.compile(r"^([A-Za-z]*)(\d+)(.*)$")


@dataclass(frozen=True)
class KpiStatus:
    """A KPI as a report shows it: values as numbers and as text in the KPI's unit."""

    code: str
    name: str
    unit: str
    polarity: str
    target: float | None
    baseline: float | None
    tolerance: float  # the one applied: the KPI's own or the plan's
    latest: float | None
    period: str | None  # "2026-03"
    compared: float | None  # the reading direction is measured against
    rag: Status | None
    direction: Direction | None
    note: str | None  # the latest reading's note, e.g. why a red KPI is red
    owner: str = ""  # who answers for the KPI, "" when nobody is named

    @property
    def latest_text(self) -> str:
        return format_value(self.latest, self.unit)

    @property
    def target_text(self) -> str:
        return format_value(self.target, self.unit)

    @property
    def baseline_text(self) -> str:
        return format_value(self.baseline, self.unit)

    @property
    def compared_text(self) -> str:
        return format_value(self.compared, self.unit)

    @property
    def period_text(self) -> str:
        return period_label(self.period) if self.period else "no readings"


def format_value(value: float | None, unit: str) -> str:
    """18.5 -> '18.5', 95.0 with '%' -> '95%', 26 with 'weeks' -> '26 weeks'."""
    if value is None:
        return "none"
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def assess(kpi: Kpi, rules: KpiRules, at: datetime | None = None) -> KpiStatus:
    """The KPI by the readings recorded up to `at` (all of them when `at` is None)."""
    readings = sorted(
        (r for r in kpi.readings if at is None or r.recorded_at <= at), key=lambda r: r.period
    )
    periods = [(r.period, r.value) for r in readings]
    latest = readings[-1] if readings else None
    compared = rules_module.compared_with(rules, periods)
    tolerance = rules.tolerance_for(kpi.tolerance)
    value = latest.value if latest else None
    return KpiStatus(
        code=kpi.code,
        name=kpi.name,
        unit=kpi.unit,
        polarity=kpi.polarity,
        target=kpi.target,
        baseline=kpi.baseline,
        tolerance=tolerance,
        latest=value,
        period=latest.period if latest else None,
        compared=compared,
        rag=rules_module.rag(kpi.polarity, kpi.target, tolerance, value, compared, rules),
        direction=(
            rules_module.direction(kpi.polarity, kpi.target, value, compared)
            if value is not None
            else None
        ),
        note=latest.note if latest else None,
        owner=kpi.owner.display if kpi.owner else "",
    )


def code_key(code: str) -> tuple[str, int, str]:
    """KPI codes in the order people count them: K2 before K10, KPI3a after KPI3."""
    m = _CODE.match(code)
    if m is None:
        return (code, 0, "")
    return (m[1].upper(), int(m[2]), m[3])


def plan_kpis(session: Session, plan_id: int) -> list[Kpi]:
    found = session.scalars(
        select(Kpi)
        .where(Kpi.plan_id == plan_id)
        .options(selectinload(Kpi.readings), selectinload(Kpi.owner))
    ).all()
    return sorted(found, key=lambda kpi: code_key(kpi.code))


def assess_plan(session: Session, plan: Plan, at: datetime | None = None) -> list[KpiStatus]:
    """Every KPI of the plan by its rules, in code order."""
    rules = rules_module.rules_for(plan.settings)
    return [assess(kpi, rules, at) for kpi in plan_kpis(session, plan.id)]


@dataclass(frozen=True)
class KpiLine:
    """A KPI as every surface lists it: chat, the digest, the board pack, scrutiny."""

    code: str
    name: str
    latest: str  # "80.2%"
    period: str  # "Oct 2026"
    target: str
    baseline: str
    rag: str | None
    direction: str | None
    note: str = ""
    owner: str = ""


def line(status: KpiStatus) -> KpiLine:
    return KpiLine(
        code=status.code,
        name=status.name,
        latest=status.latest_text,
        period=status.period_text,
        target=status.target_text,
        baseline=status.baseline_text,
        rag=status.rag.value if status.rag else None,
        direction=status.direction,
        note=status.note or "",
        owner=status.owner,
    )


def kpi_exceptions(session: Session, plan: Plan, at: datetime | None = None) -> list[KpiLine]:
    """The plan's red KPIs, then its amber ones (each in code order), by the plan's rules."""
    found = [s for s in assess_plan(session, plan, at) if s.rag in (Status.RED, Status.AMBER)]
    found.sort(key=lambda s: s.rag is not Status.RED)  # stable: code order within each
    return [line(s) for s in found]
