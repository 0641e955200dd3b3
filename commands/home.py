"""The person's own dashboard (Slack's App Home, Teams' `dashboard` card): their open actions,
soonest due first, the risks they own (those due for review first), and for plan leads an
overview of each plan they lead, its risks included.

Platform-blind: a view-model built from store queries; each adapter renders it its own way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from commands import views
from commands.context import Context, Reply
from commands.risks.views import RiskLine
from commands.risks.views import line as risk_line
from commands.views import ActionLine
from store import boards, plans, risks
from store.dates import uk
from store.domain import STATUS_ORDER, Role, Status
from store.models import Action, Plan, Risk
from store.risks.matrix import Rating, RiskRules


@dataclass(frozen=True)
class HomeItem:
    line: ActionLine
    plan: str  # the plan's short name, which buttons carry


@dataclass(frozen=True)
class ThemeCounts:
    number: str
    name: str
    counts: list[tuple[str, int]]  # (status, count) in display order


@dataclass(frozen=True)
class Overview:
    plan: str
    themes: list[ThemeCounts]
    overdue: int
    awaiting_signoff: int
    next_board: str | None
    awaiting_refs: list[str] = field(default_factory=list)
    # Open and tolerated risks by band of their current rating, and those due for review.
    risk_counts: list[tuple[str, int]] = field(default_factory=list)
    risks_due: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HomeView:
    name: str
    mine: list[HomeItem]
    overviews: list[Overview] = field(default_factory=list)
    empty: str = "You have no open actions. Type /action list to see others."
    more_hint: str = "See them all with /action list mine."
    risks: list[HomeRisk] = field(default_factory=list)


@dataclass(frozen=True)
class HomeRisk:
    line: RiskLine
    plan: str


def build(ctx: Context) -> Reply:
    mine = _my_actions(ctx)
    items = [HomeItem(views.line(a, a.plan, ctx.today(a.plan)), a.plan.slug) for a in mine]
    led = [
        plan
        for plan in plans.plans_of(ctx.session, ctx.person)
        if plans.role_of(ctx.session, plan, ctx.person) is Role.PLAN_LEAD
    ]
    view = HomeView(
        ctx.person.display,
        items,
        [_overview(ctx, plan) for plan in led],
        risks=_my_risks(ctx),
    )
    return Reply("home", view)


def _my_risks(ctx: Context) -> list[HomeRisk]:
    """The person's open and tolerated risks: due for review first (longest due first), then
    the rest worst first."""
    found = ctx.session.scalars(
        select(Risk)
        .where(Risk.owner_id == ctx.person.id, Risk.status != "closed")
        .options(selectinload(Risk.owner), selectinload(Risk.actions))
    ).all()
    plans_of = {r.plan_id: ctx.session.get_one(Plan, r.plan_id) for r in found}
    ordered = risks.worst_first(found)
    due = [r for r in ordered if risks.review_due(r, ctx.today(plans_of[r.plan_id]))]
    due.sort(key=lambda r: r.review_date or date.max)
    return [
        HomeRisk(risk_line(r, plans_of[r.plan_id], ctx.today(plans_of[r.plan_id])),
                 plans_of[r.plan_id].slug)
        for r in [*due, *(r for r in ordered if r not in due)]
    ]  # fmt: skip


def _my_actions(ctx: Context) -> list[Action]:
    found = ctx.session.scalars(
        select(Action)
        .where(
            Action.owner_id == ctx.person.id,
            # Awaiting sign-off is not closed: the owner still sees it, labelled as such.
            or_(Action.status != Status.COMPLETE.value, Action.signoff_pending.is_(True)),
        )
        .options(selectinload(Action.plan), selectinload(Action.owner), selectinload(Action.theme))
    ).all()
    # Soonest due first; ongoing actions (no due date) last.
    return sorted(found, key=lambda a: (a.due_date is None, a.due_date or date.max, a.ref_key))


def _overview(ctx: Context, plan: Plan) -> Overview:
    today = ctx.today(plan)
    counts: dict[str, Counter[str]] = {}
    overdue = 0
    awaiting = []
    for action in plan.actions:
        key = action.theme.number if action.theme else "-"
        counts.setdefault(key, Counter())[action.status] += 1
        overdue += action.is_overdue(today)
        if action.signoff_pending:
            awaiting.append(action.ref)
    themes = [
        ThemeCounts(
            theme.number,
            theme.name,
            [(s.value, counts.get(theme.number, Counter())[s.value]) for s in STATUS_ORDER],
        )
        for theme in plan.themes
    ]
    rules = RiskRules.for_plan(plan.settings)
    bands: Counter[str] = Counter()
    due = []
    for risk in risks.all_risks(ctx.session, plan.id, open_only=True):
        rating = Rating.from_key(risk.current)
        fits = rating is not None and rules.matrix.fits(rating)
        bands[(rules.band(rating) if fits else None) or "unrated"] += 1
        if risks.review_due(risk, today):
            due.append(risk.code)
    meeting = boards.next_meeting(ctx.session, plan.id, ctx.now)
    next_board = None
    if meeting is not None:
        local = views.local(meeting.starts_at, plan)
        next_board = f"{uk(local.date())} at {local:%H:%M}"
    risk_counts = [(band, bands[band]) for band in ("red", "amber", "green", "unrated")]
    return Overview(
        plan.name, themes, overdue, len(awaiting), next_board, awaiting,
        [(band, n) for band, n in risk_counts if n or band != "unrated"], due,
    )  # fmt: skip
