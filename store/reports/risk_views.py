"""View-models of the reports' risk section: plain frozen dataclasses of text and numbers."""

from __future__ import annotations

from dataclasses import dataclass

from store.risks.heatmap import HeatMap


@dataclass(frozen=True)
class RiskItem:
    code: str
    title: str
    owner: str
    rating: str  # "5x4 (20, red)"
    band: str  # red, amber, green, or "" when not rated on this matrix
    target: str  # "2x4 (8, amber)", or "none set"
    status: str  # open or tolerated
    direction: str | None  # worse, better, same, new (since the previous board); None: none
    review: str  # "Fri 5 Feb 2027", or "none set"
    review_overdue_days: int
    note: str
    actions: list[str]  # refs of the mitigating actions


@dataclass(frozen=True)
class RiskMoved:
    code: str
    title: str
    old: str  # "4x4 (16, red)"
    new: str
    old_band: str
    new_band: str
    direction: str  # worse, better, or same (a new rating with the same score)
    moved_on: str
    reason: str


@dataclass(frozen=True)
class MitigationItem:
    ref: str
    title: str
    owner: str
    status: str  # status value, for the RAG colour
    status_label: str
    due: str
    overdue_days: int
    risks: list[str]  # the codes of the open risks it mitigates


@dataclass(frozen=True)
class RiskSection:
    heat: HeatMap
    register: list[RiskItem]  # open and tolerated risks, worst first
    moved: list[RiskMoved]  # current ratings changed since the previous board
    overdue_reviews: list[RiskItem]  # review date passed, longest overdue first
    mitigation: list[MitigationItem]  # mitigating actions that are red or overdue
    since: str  # "since the board on …"
    closed: int  # risks closed by the snapshot (left off the map)

    @property
    def worse(self) -> int:
        return sum(1 for m in self.moved if m.direction == "worse")

    @property
    def red(self) -> int:
        return self.heat.count("red")
