"""Plain view-models for /risk replies, built from rows inside the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commands.views import FieldChange, when
from store.dates import uk
from store.models import Plan, Risk
from store.risks import review_due
from store.risks.heatmap import HeatMap
from store.risks.matrix import Rating, RiskRules
from store.risks.reviews import every_text

STATUS_WORDS = {"open": "open", "tolerated": "tolerated", "closed": "closed"}


@dataclass(frozen=True)
class RiskLine:
    code: str
    title: str
    band: str  # red, amber, green, or "" when not rated: the colour of its dot
    rating: str  # "4x4 (16, red)"
    target: str  # "2x4 (8, amber)" or "none set"
    owner: str
    status: str  # open, tolerated, closed
    review: str  # "Mon 18 Jan 2027", or "none set"
    review_due: bool


@dataclass(frozen=True)
class RiskCard:
    line: RiskLine
    plan: str
    description: str | None
    cause: str | None
    consequence: str | None
    controls: str | None
    inherent: str
    review_every: str
    reviewed: str | None
    note: str | None
    actions: list[str]
    updated: str


@dataclass(frozen=True)
class RiskListView:
    heading: str
    grid: list[str]  # the heat map, fixed-width lines
    matrix: str
    bands: str
    lines: list[RiskLine]
    empty: str = "None."
    unrated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RiskChanged:
    code: str
    title: str
    changes: list[FieldChange]
    note: str | None = None
    reason: str | None = None
    next_step: str | None = None
    unchanged: bool = False


def line(risk: Risk, plan: Plan, today: date) -> RiskLine:
    rules = RiskRules.for_plan(plan.settings)
    rating = Rating.from_key(risk.current)
    return RiskLine(
        code=risk.code,
        title=risk.title,
        band=rules.band(rating) or "" if rating and rules.matrix.fits(rating) else "",
        rating=rules.describe(risk.current),
        target=rules.describe(risk.target) if risk.target else "none set",
        owner=risk.owner.display if risk.owner else "no owner",
        status=STATUS_WORDS.get(risk.status, risk.status),
        review=uk(risk.review_date, empty="none set"),
        review_due=review_due(risk, today),
    )


def card(risk: Risk, plan: Plan, today: date) -> RiskCard:
    rules = RiskRules.for_plan(plan.settings)
    return RiskCard(
        line=line(risk, plan, today),
        plan=plan.name,
        description=risk.description,
        cause=risk.cause,
        consequence=risk.consequence,
        controls=risk.controls,
        inherent=rules.describe(risk.inherent) if risk.inherent else "none set",
        review_every=every_text(risk.review_every),
        reviewed=uk(risk.reviewed_on) if risk.reviewed_on else None,
        note=risk.latest_note,
        actions=[
            f"{a.ref} {a.title} ({plan.label(a.status)}, due {uk(a.due_date, empty='ongoing')})"
            for a in risk.actions
        ],
        updated=when(risk.updated_at, plan),
    )


def list_view(
    heading: str, heat: HeatMap, grid: list[str], lines: list[RiskLine], empty: str
) -> RiskListView:
    return RiskListView(heading, grid, heat.matrix, heat.bands, lines, empty, heat.unrated)


FIELD_NAMES = {
    "current": "rating",
    "inherent": "inherent rating",
    "target": "target rating",
    "owner_id": "owner",
    "review_date": "next review",
    "review_every": "reviewed",
    "latest_note": "note",
    "status": "status",
    "reviewed": "review",
    "action": "mitigating action",
    "title": "title",
    "description": "description",
    "cause": "cause",
    "consequence": "consequence",
    "controls": "controls",
}


def describe(plan: Plan, field_name: str, text: str | None, names: dict[int, str]) -> str:
    """A risk history value as a reader wants it: ratings as the plan writes them."""
    if text is None:
        return "none"
    if field_name in ("current", "inherent", "target"):
        return RiskRules.for_plan(plan.settings).describe(text)
    if field_name in ("review_date", "reviewed"):
        return uk(date.fromisoformat(text))
    if field_name == "owner_id":
        return names.get(int(text), text) if text.isdigit() else text
    if field_name == "review_every":
        return every_text(text)
    return text


def changes(
    plan: Plan, rows: list[tuple[str, str | None, str | None]], names: dict[int, str]
) -> list[FieldChange]:
    return [
        FieldChange(
            FIELD_NAMES.get(name, name),
            describe(plan, name, old, names),
            describe(plan, name, new, names),
        )
        for name, old, new in rows
    ]
