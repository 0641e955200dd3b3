"""/risk commands that change the register: add, rate, review, link, close, tolerate, reopen,
edit. Each locks the risk first (Context.hold), checks who may act, and writes through
store.risks.register, so every change is in the risk's history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from commands import permissions, resolve
from commands.context import Context, Reply
from commands.errors import UserError
from commands.risks import views
from commands.risks.words import (
    AddRisk,
    CloseRisk,
    EditRisk,
    LinkRisk,
    RateRisk,
    ReviewRisk,
    RiskRef,
)
from store import actions, plans, risks
from store.dates import uk
from store.domain import Role
from store.models import Person, Plan, Risk, Update
from store.risks import register
from store.risks.matrix import Rating, RiskRules
from store.risks.reviews import after

SHOWN = (
    "current", "inherent", "target", "owner_id", "status", "review_date", "review_every",
    "title", "description", "cause", "consequence", "controls",
)  # fmt: skip


def _risk(ctx: Context, target: RiskRef) -> tuple[Plan, Risk]:
    plan = resolve.plan(ctx, target.plan)
    return plan, resolve.risk(ctx, plan, target.code, lock=True)


def _rating(plan: Plan, text: str) -> str:
    return RiskRules.for_plan(plan.settings).matrix.parse(text).key


def _reply(
    ctx: Context,
    plan: Plan,
    risk: Risk,
    update: Update | None,
    *,
    note: str | None = None,
    reason: str | None = None,
    next_step: str | None = None,
) -> Reply:
    rows = [(c.field, c.old, c.new) for c in update.changes if c.field in SHOWN] if update else []
    view = views.RiskChanged(
        code=risk.code,
        title=risk.title,
        changes=views.changes(plan, rows, _names(ctx, rows)),
        note=note,
        reason=reason,
        next_step=next_step,
        unchanged=update is None,
    )
    touched = tuple(p for p in {ctx.person.id, risk.owner_id} if p is not None)
    return Reply("chat/risk_changed", view, touched=touched)


def _names(ctx: Context, rows: list[tuple[str, str | None, str | None]]) -> dict[int, str]:
    ids = {int(v) for f, old, new in rows if f == "owner_id" for v in (old, new) if v}
    if not ids:
        return {}
    found = ctx.session.scalars(select(Person).where(Person.id.in_(ids)))
    return {p.id: p.display for p in found}


def add(cmd: AddRisk, ctx: Context) -> Reply:
    # The plan is held so two adds cannot both take the next code.
    plan = ctx.hold(resolve.plan(ctx, cmd.plan))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "add risks to the register")
    code = cmd.code or risks.next_code(ctx.session, plan.id)
    if risks.by_code(ctx.session, plan.id, code) is not None:
        raise UserError(
            f"{plan.name} already has a risk {code}. Leave the code out to take "
            f"{risks.next_code(ctx.session, plan.id)}."
        )
    owner = resolve.person(ctx, plan, cmd.owner)
    plans.grant(ctx.session, plan, owner, Role.OWNER)
    current = _rating(plan, cmd.rating)
    every = cmd.every or "1m"
    today = ctx.today(plan)
    risk = Risk(
        code=code,
        title=cmd.title,
        owner_id=owner.id,
        current=current,
        inherent=_rating(plan, cmd.inherent) if cmd.inherent else current,
        target=_rating(plan, cmd.target) if cmd.target else None,
        review_every=every,
        review_date=cmd.review or after(today, every),
    )
    register.create_risk(ctx.session, plan, risk, at=ctx.now, via=ctx.via, by=ctx.person)
    rules = RiskRules.for_plan(plan.settings)
    view = {
        "code": risk.code,
        "title": risk.title,
        "owner": owner.display,
        "rating": rules.describe(current),
        "review": uk(risk.review_date),
    }
    return Reply("chat/risk_added", view, touched=(owner.id,))


def rate(cmd: RateRisk, ctx: Context) -> Reply:
    plan, risk = _risk(ctx, cmd.target)
    permissions.require_risk_update(ctx.session, plan, ctx.person, risk, ctx.today(plan), "rate")
    if not risk.is_open:
        raise UserError(
            f"{risk.code} is closed. Reopen it first: /risk reopen {risk.code} because …"
        )
    key = _rating(plan, cmd.rating)
    update = register.record(
        ctx.session, plan, risk, {cmd.which: key}, at=ctx.now, via=ctx.via, by=ctx.person,
        reason=cmd.reason,
    )  # fmt: skip
    next_step = None
    if cmd.which == "current" and update is not None:
        next_step = _direction(plan, update)
    reason = cmd.reason if update else None
    return _reply(ctx, plan, risk, update, reason=reason, next_step=next_step)


def _direction(plan: Plan, update: Update) -> str | None:
    change = next((c for c in update.changes if c.field == "current"), None)
    if change is None:
        return None
    old, new = Rating.from_key(change.old), Rating.from_key(change.new)
    if old is None or new is None or old.score == new.score:
        return None
    rules = RiskRules.for_plan(plan.settings)
    worse = new.score > old.score
    band_moved = rules.band(old) != rules.band(new)
    said = "worse" if worse else "better"
    tail = f", from {rules.band(old)} to {rules.band(new)}" if band_moved else ""
    digest = " It will be in the weekly digest." if worse else ""
    return f"The risk is {said}: score {old.score} → {new.score}{tail}.{digest}"


def review(cmd: ReviewRisk, ctx: Context) -> Reply:
    plan, risk = _risk(ctx, cmd.target)
    today = ctx.today(plan)
    permissions.require_risk_update(ctx.session, plan, ctx.person, risk, today, "review")
    if not risk.is_open:
        raise UserError(f"{risk.code} is closed, so it is not reviewed any more.")
    update = register.review(
        ctx.session, plan, risk, today=today, at=ctx.now, via=ctx.via, by=ctx.person, note=cmd.note
    )
    next_step = f"Next review {uk(risk.review_date)}."
    return _reply(ctx, plan, risk, update, note=cmd.note, next_step=next_step)


def link(cmd: LinkRisk, ctx: Context) -> Reply:
    plan, risk = _risk(ctx, cmd.target)
    permissions.require_risk_update(
        ctx.session, plan, ctx.person, risk, ctx.today(plan), "link actions to"
    )
    linked: list[str] = []
    already: list[str] = []
    for ref in cmd.refs:
        if ref.plan and ref.plan != plan.slug:
            raise UserError(f"{ref} is in another plan: a risk's actions are in its own plan.")
        action = actions.by_ref(ctx.session, plan.id, ref.ref)
        if action is None:
            near = actions.nearest_refs(ctx.session, plan.id, ref.ref)
            hint = f" Did you mean {' or '.join(near)}?" if near else ""
            raise UserError(f"There is no action {ref.ref} in {plan.name}.{hint}")
        done = register.link_action(
            ctx.session, plan, risk, action, at=ctx.now, via=ctx.via, by=ctx.person
        )
        (linked if done else already).append(action.ref)
    said = f"Linked {', '.join(linked)} to {risk.code} as mitigating actions." if linked else ""
    if already:
        said += f" {', '.join(already)} {'was' if len(already) == 1 else 'were'} linked already."
    return Reply("chat/notice", {"text": said.strip()}, touched=(ctx.person.id,))


def close(cmd: CloseRisk, ctx: Context) -> Reply:
    plan, risk = _risk(ctx, cmd.target)
    doing = {"closed": "close", "tolerated": "tolerate", "open": "reopen"}[cmd.status]
    permissions.require_risk_update(ctx.session, plan, ctx.person, risk, ctx.today(plan), doing)
    if risk.status == cmd.status:
        raise UserError(f"{risk.code} is already {cmd.status}.")
    reason = cmd.note if cmd.status != "closed" else None
    note = cmd.note if cmd.status == "closed" else None
    changes: dict[str, Any] = {"status": cmd.status}
    if note:
        changes["latest_note"] = note
    update = register.record(
        ctx.session, plan, risk, changes, at=ctx.now, via=ctx.via, by=ctx.person, note=note,
        reason=reason,
    )  # fmt: skip
    next_step = {
        "closed": "It leaves the heat map and its reviews stop; its history stays.",
        "tolerated": "It stays on the heat map and is still reviewed, but is not chased down.",
        "open": "It is back on the heat map and its reviews start again.",
    }[cmd.status]
    return _reply(ctx, plan, risk, update, note=note, reason=reason, next_step=next_step)


def edit(cmd: EditRisk, ctx: Context) -> Reply:
    plan, risk = _risk(ctx, cmd.target)
    today = ctx.today(plan)
    permissions.require_risk_update(ctx.session, plan, ctx.person, risk, today, "change")
    changes: dict[str, Any]
    if cmd.field == "owner" and cmd.person is not None:
        owner = resolve.person(ctx, plan, cmd.person)
        plans.grant(ctx.session, plan, owner, Role.OWNER)
        changes = {"owner_id": owner.id}
    elif cmd.field == "review":
        changes = {"review_date": cmd.day}
    elif cmd.field == "every":
        changes = {"review_every": cmd.text}
    else:
        changes = {cmd.field: cmd.text}
    update = register.record(
        ctx.session, plan, risk, changes, at=ctx.now, via=ctx.via, by=ctx.person
    )
    reply = _reply(ctx, plan, risk, update)
    if "owner_id" in changes:
        return Reply(reply.template, reply.view, touched=(*reply.touched, changes["owner_id"]))
    return reply
