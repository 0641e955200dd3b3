"""KPI RAG and direction of travel: the rules in one place.

Direction of travel compares the latest reading with an earlier one, by polarity: "higher" is
better, "lower" is better, or "target" (closest to the target is best). The earlier reading is
the previous one, or with `compare = "year"` the same period a year before ("2025-03" for
"2026-03", "2025-Q1" for "2026-Q1").

RAG, for a KPI with a target and a reading:

- Green: the latest value meets the target, or is within the tolerance of it (a share of
  the target: 10% by default, so 86% against a target of 95% is green, 85% is not).
- Amber: further off than the tolerance, but improving (or, with `steady_is_amber`, holding
  steady).
- Red: further off than the tolerance and not improving, or with nothing earlier to show it
  is; and, with `red_beyond` set, further off than that share of the target however it moves.

A plan tunes the rules in Plan.settings["kpi"] (only what differs from the defaults is kept):

    {"tolerance": 0.05, "compare": "year", "steady_is_amber": true, "red_beyond": 0.25}

A KPI's own tolerance wins over the plan's. The column cannot be empty, so a KPI left at the
built-in 10% takes the plan's tolerance; any other value is the KPI's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from store.domain import Status

Direction = Literal["improving", "worsening", "steady"]
DEFAULT_TOLERANCE = 0.10
POLARITIES = ("higher", "lower", "target")
COMPARES = ("previous", "year")
_EPSILON = 1e-9


@dataclass(frozen=True)
class KpiRules:
    """One plan's KPI rules; the defaults are the common council practice above."""

    tolerance: float = DEFAULT_TOLERANCE
    compare: str = "previous"  # "previous" reading, or the same period a "year" before
    steady_is_amber: bool = False
    red_beyond: float | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> KpiRules:
        """Stored overrides over the defaults; values of the wrong kind are ignored, so a
        hand-edited setting never stops a report."""
        data = data or {}
        values: dict[str, Any] = {}
        if _share(data.get("tolerance")):
            values["tolerance"] = float(data["tolerance"])
        if data.get("compare") in COMPARES:
            values["compare"] = data["compare"]
        if isinstance(data.get("steady_is_amber"), bool):
            values["steady_is_amber"] = data["steady_is_amber"]
        if _share(data.get("red_beyond")):
            values["red_beyond"] = float(data["red_beyond"])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """Only the values that differ from the defaults."""
        default = KpiRules()
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    def tolerance_for(self, kpi_tolerance: float | None) -> float:
        """The KPI's own tolerance, unless it is left at the built-in default."""
        if kpi_tolerance is None or abs(kpi_tolerance - DEFAULT_TOLERANCE) < _EPSILON:
            return self.tolerance
        return kpi_tolerance


def _share(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 10


def rules_for(settings: Mapping[str, Any] | None) -> KpiRules:
    """The KPI rules of a plan, from its settings dict."""
    section = (settings or {}).get("kpi")
    return KpiRules.from_json(section if isinstance(section, Mapping) else None)


def direction(
    polarity: str, target: float | None, latest: float, previous: float | None
) -> Direction | None:
    """Improving, worsening or steady from `previous` to `latest`; None with no previous."""
    if previous is None:
        return None
    if polarity == "target" and target is not None:
        better = abs(previous - target) - abs(latest - target)
    elif polarity == "lower":
        better = previous - latest
    else:
        better = latest - previous
    if abs(better) < _EPSILON:
        return "steady"
    return "improving" if better > 0 else "worsening"


def gap(polarity: str, target: float, latest: float) -> float:
    """How far the latest value is on the wrong side of the target (0 when it meets it)."""
    if polarity == "lower":
        return max(latest - target, 0.0)
    if polarity == "target":
        return abs(latest - target)
    return max(target - latest, 0.0)


def rag(
    polarity: str,
    target: float | None,
    tolerance: float,
    latest: float | None,
    previous: float | None,
    rules: KpiRules | None = None,
) -> Status | None:
    """RED, AMBER or GREEN for a reading, or None when there is no target or no reading.

    `tolerance` is the one to apply (see KpiRules.tolerance_for); `previous` is the reading
    direction is measured against.
    """
    if target is None or latest is None:
        return None
    rules = rules or KpiRules()
    off = gap(polarity, target, latest)
    if off <= abs(target) * tolerance + _EPSILON:
        return Status.GREEN
    if rules.red_beyond is not None and off > abs(target) * rules.red_beyond + _EPSILON:
        return Status.RED
    travel = direction(polarity, target, latest, previous)
    if travel == "improving" or (travel == "steady" and rules.steady_is_amber):
        return Status.AMBER
    return Status.RED


def year_before(period: str) -> str | None:
    """The same period a year earlier: '2026-03' -> '2025-03', '2026-Q1' -> '2025-Q1'."""
    year, sep, rest = period.partition("-")
    if not year.isdigit():
        return None
    return f"{int(year) - 1:04d}{sep}{rest}"


def compared_with(rules: KpiRules, periods: list[tuple[str, float]]) -> float | None:
    """The earlier value the latest of `periods` (sorted, oldest first) is compared with."""
    if not periods:
        return None
    if rules.compare == "year":
        earlier = year_before(periods[-1][0])
        return next((value for period, value in periods if period == earlier), None)
    return periods[-2][1] if len(periods) > 1 else None
