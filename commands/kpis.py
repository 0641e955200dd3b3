"""/kpi: record a KPI's reading for a period, show one KPI, list them all."""

from __future__ import annotations

import re
from dataclasses import dataclass

from commands import permissions, resolve
from commands.args import Args, read_number
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.spec import Spec
from store import kpis as rules
from store.kpis.status import KpiLine, assess, format_value, plan_kpis
from store.kpis.status import line as kpi_line
from store.models import Kpi, KpiReading, Plan, Update
from store.periods import current_period, parse_period, period_label

SHOWN_READINGS = 6
CORRECTION = ("correct", "correction", "corrected")
# Each frequency's periods, as store.periods writes them, and how to ask for one.
PERIODS = {
    "monthly": (re.compile(r"\d{4}-\d{2}"), "a month such as Oct 2026"),
    "quarterly": (re.compile(r"\d{4}-Q[1-4]"), "a quarter such as 2026-Q3"),
    "annual": (re.compile(r"\d{4}"), "a year such as 2026"),
}
_KPI_CODE = re.compile(r"^(?:([a-z][a-z0-9-]{0,39}):)?([a-z]{1,4}\d{1,3}[a-z]?)$", re.I)


@dataclass(frozen=True)
class KpiUpdate:
    code: str
    value: float
    period: str | None = None
    plan: str | None = None
    # "correct" at the end replaces a period's reading; both stay in the history.
    correct: bool = False


@dataclass(frozen=True)
class KpiShow:
    code: str
    plan: str | None = None


@dataclass(frozen=True)
class KpiList:
    plan: str | None = None


# -- readers ------------------------------------------------------------------------------------
def _code(args: Args) -> tuple[str, str | None]:
    word = args.expect("The KPI code (such as K1)")
    m = _KPI_CODE.match(word)
    if not m:
        raise UsageError(f"'{word}' is not a KPI code. Codes look like K1 or KPI12.")
    return m[2].upper(), (m[1] or "").lower() or None


def read_update(args: Args) -> KpiUpdate:
    code, plan = _code(args)
    value = read_number(args.expect("The value"), "the value")
    words = args.rest().split()
    correct = bool(words) and words[-1].lower() in CORRECTION
    period_text = " ".join(words[:-1] if correct else words)
    period = parse_period(period_text) if period_text else None
    return KpiUpdate(code, value, period, plan, correct)


def read_show(args: Args) -> KpiShow:
    code, plan = _code(args)
    args.end()
    return KpiShow(code, plan)


def read_list(args: Args) -> KpiList:
    plan = None
    if args.peek() and args.peek() == "in":
        args.take()
        plan = args.expect("The plan's short name").lower()
    args.end()
    return KpiList(plan)


# -- views and handlers -------------------------------------------------------------------------


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
    return kpi_line(assess(kpi, rules.rules_for(plan.settings)))


def update(cmd: KpiUpdate, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    kpi = ctx.hold(resolve.kpi(ctx, plan, cmd.code))
    permissions.require_kpi_update(ctx.session, plan, ctx.person, kpi)
    period = cmd.period or current_period(ctx.today(plan), kpi.frequency)
    _check_period(kpi, period, current_period(ctx.today(plan), kpi.frequency))
    _check_value(kpi, cmd.value)
    reading = next((r for r in kpi.readings if r.period == period), None)
    old = reading.value if reading else None
    if reading is not None and not cmd.correct:
        raise UserError(
            f"{kpi.code} already has {fmt(kpi, old)} for {period_label(period)}. To replace it, "
            f"add 'correct': /kpi update {kpi.code} {_typed(cmd.value, kpi)} "
            f"{period_label(period)} correct"
        )
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


def _check_period(kpi: Kpi, period: str, now: str) -> None:
    """A period of the KPI's frequency that has begun: a reading cannot come from the future."""
    form, example = PERIODS.get(kpi.frequency, PERIODS["monthly"])
    if not form.fullmatch(period):
        raise UserError(
            f"{kpi.code} is measured {kpi.frequency}: give {example}, not {period_label(period)}."
        )
    if period > now:
        raise UserError(
            f"{period_label(period)} has not begun yet, so it cannot have a reading. "
            f"Give this period ({period_label(now)}) or an earlier one."
        )


def _check_value(kpi: Kpi, value: float) -> None:
    if kpi.unit == "%" and not 0 <= value <= 100:
        raise UserError(f"{kpi.code} is a percentage: give a value from 0 to 100, not {value:g}.")
    # A count cannot fall below zero; a KPI whose baseline or target is negative can.
    signed = any(v is not None and v < 0 for v in (kpi.baseline, kpi.target))
    if value < 0 and not signed:
        raise UserError(f"{kpi.code} cannot be negative: give a value of 0 or more, not {value:g}.")


def _typed(value: float, kpi: Kpi) -> str:
    return f"{value:g}{'%' if kpi.unit == '%' else ''}"


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
    found = plan_kpis(ctx.session, plan.id)
    return Reply("chat/kpi_list", KpiListView(plan.name, [_line(k, plan) for k in found]))


ROWS = (
    Spec(
        "kpi", "update", "/kpi update <code> <value> [period]",
        "Record a KPI's value for a period (this month if you leave it out).",
        ("/kpi update K1 86%", "/kpi update K3 18.5 Oct 2026"),
        KpiUpdate, read_update, update,
    ),
    Spec(
        "kpi", "show", "/kpi show <code>",
        "A KPI's target, latest readings, RAG and direction of travel.",
        ("/kpi show K1",),
        KpiShow, read_show, show,
    ),
    Spec(
        "kpi", "list", "/kpi list",
        "Every KPI with its latest value and RAG.",
        ("/kpi list",),
        KpiList, read_list, listing,
    ),
)  # fmt: skip
