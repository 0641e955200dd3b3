"""Handlers for KPIs: record a reading, show one, list all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from commands import permissions, resolve
from commands.context import Context, Reply
from commands.syntax import KpiList, KpiShow, KpiUpdate
from store import kpis as rules
from store.kpis.status import assess, format_value
from store.models import Kpi, KpiReading, Plan, Update
from store.periods import current_period, period_label

SHOWN_READINGS = 6


@dataclass(frozen=True)
class KpiLine:
    code: str
    name: str
    latest: str
    period: str
    target: str
    rag: str | None
    direction: str | None


@dataclass(frozen=True)
class KpiCard:
    line: KpiLine
    polarity: str
    baseline: str
    tolerance: str
    readings: list[tuple[str, str]]
    actions: list[str]


@dataclass(frozen=True)
class KpiRecorded:
    code: str
    name: str
    value: str
    period: str
    previous: str | None
    rag: str | None
    direction: str | None


@dataclass(frozen=True)
class KpiListView:
    plan: str
    lines: list[KpiLine]


def fmt(kpi: Kpi, value: float | None) -> str:
    return format_value(value, kpi.unit)


def _line(kpi: Kpi, plan: Plan) -> KpiLine:
    # The plan's own KPI rules, so chat and the board pack never disagree on a RAG.
    status = assess(kpi, rules.rules_for(plan.settings))
    return KpiLine(
        code=kpi.code,
        name=kpi.name,
        latest=status.latest_text,
        period=status.period_text,
        target=status.target_text,
        rag=status.rag.value if status.rag else None,
        direction=status.direction,
    )


def update(cmd: KpiUpdate, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    kpi = resolve.kpi(ctx, plan, cmd.code)
    permissions.require_kpi_update(ctx.session, plan, ctx.person, kpi)
    period = cmd.period or current_period(ctx.today(plan), kpi.frequency)
    reading = next((r for r in kpi.readings if r.period == period), None)
    old = reading.value if reading else None
    if reading is None:
        reading = KpiReading(period=period, value=cmd.value, recorded_at=ctx.now)
        kpi.readings.append(reading)
    reading.value = cmd.value
    reading.recorded_at = ctx.now
    reading.recorded_by_id = ctx.person.id
    kpi.readings.sort(key=lambda r: r.period)
    _record(ctx, plan, kpi, period, old, cmd.value)
    line = _line(kpi, plan)
    earlier = [r for r in kpi.readings if r.period < period]
    view = KpiRecorded(
        code=kpi.code,
        name=kpi.name,
        value=fmt(kpi, cmd.value),
        period=period_label(period),
        previous=fmt(kpi, earlier[-1].value) if earlier else None,
        rag=line.rag if kpi.readings[-1].period == period else None,
        direction=line.direction if kpi.readings[-1].period == period else None,
    )
    return Reply("chat/kpi_recorded", view)


def _record(ctx: Context, plan: Plan, kpi: Kpi, period: str, old: float | None, new: float) -> None:
    """KPI readings are history too: who recorded which value for which period, and when."""
    was = f" (was {fmt(kpi, old)})" if old is not None and old != new else ""
    ctx.session.add(
        Update(
            plan_id=plan.id,
            kpi_id=kpi.id,
            person_id=ctx.person.id,
            at=ctx.now,
            via=ctx.via,
            note=f"{kpi.code} {period_label(period)}: {fmt(kpi, new)}{was}",
        )
    )


def show(cmd: KpiShow, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    kpi = resolve.kpi(ctx, plan, cmd.code)
    polarity = {"higher": "higher is better", "lower": "lower is better"}.get(
        kpi.polarity, "closest to target is best"
    )
    view = KpiCard(
        line=_line(kpi, plan),
        polarity=polarity,
        baseline=fmt(kpi, kpi.baseline),
        tolerance=f"{rules.rules_for(plan.settings).tolerance_for(kpi.tolerance):.0%}",
        readings=[
            (period_label(r.period), fmt(kpi, r.value)) for r in kpi.readings[-SHOWN_READINGS:]
        ],
        actions=[f"{a.ref} {a.title}" for a in kpi.actions],
    )
    return Reply("chat/kpi_card", view)


def listing(cmd: KpiList, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    found = ctx.session.scalars(select(Kpi).where(Kpi.plan_id == plan.id).order_by(Kpi.code)).all()
    return Reply("chat/kpi_list", KpiListView(plan.name, [_line(k, plan) for k in found]))
