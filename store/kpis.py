"""KPI RAG and direction of travel: the rules in one place.

- Green: the latest value meets the target, or is within the tolerance of it (default 10%
  of the target).
- Amber: further off than the tolerance, but improving on the previous reading.
- Red: further off than the tolerance and not improving (or no previous reading to show it).
- Direction: improving, worsening or steady against the previous reading, by polarity:
  "higher" is better, "lower" is better, or "target" (closest to the target is best).
"""

from __future__ import annotations

from typing import Literal

from store.domain import Status

Direction = Literal["improving", "worsening", "steady"]


def direction(
    polarity: str, target: float | None, latest: float, previous: float | None
) -> Direction | None:
    if previous is None:
        return None
    if polarity == "target" and target is not None:
        better = abs(previous - target) - abs(latest - target)
    elif polarity == "lower":
        better = previous - latest
    else:
        better = latest - previous
    if abs(better) < 1e-9:
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
) -> Status | None:
    """RED, AMBER or GREEN for a reading, or None when there is no target or no reading."""
    if target is None or latest is None:
        return None
    allowed = abs(target) * tolerance
    if gap(polarity, target, latest) <= allowed + 1e-9:
        return Status.GREEN
    if direction(polarity, target, latest, previous) == "improving":
        return Status.AMBER
    return Status.RED
