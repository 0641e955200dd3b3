"""/risk commands that read the register: show one risk, its history, and the list with its
heat map, worst first."""

from __future__ import annotations

from sqlalchemy import select

from commands import resolve
from commands.context import Context, Reply
from commands.risks import views
from commands.risks.words import ListRisks, RiskHistory, ShowRisk
from commands.views import HistoryEntry, HistoryView, when
from store import risks
from store.models import Change, Person, Risk
from store.risks import register
from store.risks.heatmap import heat_map, text_grid
from store.risks.matrix import Rating, RiskRules

LIST_LIMIT = 40
_NOBODY = {"cli": "the command line"}


def show(cmd: ShowRisk, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.target.plan)
    risk = resolve.risk(ctx, plan, cmd.target.code)
    return Reply("chat/risk_card", views.card(risk, plan, ctx.today(plan)))


def history(cmd: RiskHistory, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.target.plan)
    risk = resolve.risk(ctx, plan, cmd.target.code)
    names = {p.id: p.display for p in ctx.session.scalars(select(Person))}
    entries = []
    for update in register.risk_history(ctx.session, risk):
        created = any(c.field == "created" for c in update.changes)
        hidden = ("latest_note", "reviewed", "action")
        rows = [(c.field, c.old, c.new) for c in update.changes if c.field not in hidden]
        entries.append(
            HistoryEntry(
                when=when(update.at, plan),
                who=update.person.display if update.person else _NOBODY.get(update.via, update.via),
                via="created" if created else (update.via if update.person else ""),
                changes=[] if created else views.changes(plan, rows, names),
                note=update.note,
                reason=update.reason,
                event=None if created else _event(update.changes),
            )
        )
    return Reply("chat/history", HistoryView(risk.code, risk.title, entries))


def _event(changes: list[Change]) -> str | None:
    """What a review or a link amounted to, in words."""
    said = []
    if any(c.field == "reviewed" for c in changes):
        said.append("reviewed")
    linked = [c.new for c in changes if c.field == "action" and c.new]
    if linked:
        said.append(f"linked mitigating action {', '.join(linked)}")
    return "; ".join(said) or None


def listing(cmd: ListRisks, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    today = ctx.today(plan)
    found = list(risks.all_risks(ctx.session, plan.id, open_only=cmd.filter != "all"))
    rules = RiskRules.for_plan(plan.settings)
    heading, empty = "Open risks", "No risks yet. A plan lead adds them with /risk add."
    if cmd.filter == "mine":
        found, heading = [r for r in found if r.owner_id == ctx.person.id], "Your risks"
        empty = "You own no risks in this plan."
    elif cmd.filter == "person" and cmd.person is not None:
        who = resolve.person(ctx, plan, cmd.person)
        found, heading = [r for r in found if r.owner_id == who.id], f"Risks owned by {who.display}"
        empty = "None."
    elif cmd.filter == "due":
        found, heading = [r for r in found if risks.review_due(r, today)], "Risks due for review"
        empty = "No risk is due for review."
    elif cmd.filter == "red":
        found = [r for r in found if _band(rules, r) == "red"]
        heading, empty = "Red risks", "No risk is red."
    elif cmd.filter == "all":
        heading = "All risks (closed ones too)"
    ordered = risks.worst_first(found)
    on_map = [r for r in ordered if r.status != "closed"]
    heat = heat_map(rules, [(r.code, r.current) for r in on_map])
    lines = [views.line(r, plan, today) for r in ordered]
    view = views.list_view(
        f"{heading} in {plan.name}, worst first ({len(lines)})",
        heat,
        text_grid(heat),
        lines[:LIST_LIMIT],
        empty,
    )
    return Reply("chat/risk_list", view)


def _band(rules: RiskRules, risk: Risk) -> str | None:
    return rules.band(Rating.from_key(risk.current))
