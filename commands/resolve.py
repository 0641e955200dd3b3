"""Turning what a command names (a plan, a ref, a person, a KPI) into rows, or a helpful error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from commands.args import ActionRef, PersonRef
from commands.context import Context, Who
from commands.errors import NeedPlan, NotFound, Stranger, UserError
from commands.text import did_you_mean, nearest, one_of
from store import actions, people, plans, risks, roster
from store.kpis.status import code_key
from store.models import Action, ChatIdentity, Kpi, Membership, Person, Plan, Risk


def sender(session: Session, who: Who, now: datetime) -> tuple[Person, Plan | None]:
    """The person behind a chat user and the plan their commands act on by default.

    A known user's person, their plans (with their role in each) and the channel's plan are
    read with one statement: each command starts here, so each statement is on its path."""
    found = {"platform": who.platform, "workspace": who.workspace, "user_id": who.user_id}
    rows = session.execute(_sender_query(), found | {"channel": who.channel}).all()
    if not rows:
        person = _by_email(session, who)
        return person, default_plan(session, person, who)
    person = rows[0][0]
    here = [plan for _p, plan, _m in rows if plan is not None and plan.channel == who.channel]
    mine = sorted({plan for _p, plan, m in rows if m is not None}, key=lambda p: p.slug)
    return person, _choose(session, min(here, key=lambda p: p.id) if here else None, mine)


@cache
def _sender_query() -> Select[Person, Plan, Membership]:
    """Built once: building a statement costs more Python than running it does."""
    theirs = aliased(Membership)
    member = Plan.id.in_(select(theirs.plan_id).where(theirs.person_id == Person.id))
    # A NULL channel (a direct message) matches no plan.
    candidate = or_(Plan.channel == bindparam("channel"), member)
    return (
        select(Person, Plan, Membership)
        .join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .outerjoin(Plan, candidate)
        .outerjoin(
            Membership, and_(Membership.plan_id == Plan.id, Membership.person_id == Person.id)
        )
        .where(
            ChatIdentity.platform == bindparam("platform"),
            ChatIdentity.workspace == bindparam("workspace"),
            ChatIdentity.user_id == bindparam("user_id"),
        )
    )


def _by_email(session: Session, who: Who) -> Person:
    if who.email:
        person = people.by_email(session, who.email)
        if person is not None:
            people.link_identity(session, person, who.platform, who.workspace, who.user_id)
            return person
    leads = sorted(
        {p.display for plan in plans.all_plans(session) for p in plans.plan_leads(session, plan)}
    )
    ask = f"ask a plan lead ({', '.join(leads)})" if leads else "ask your plan lead"
    email = f" ({who.email})" if who.email else ""
    raise Stranger(f"I don't know you yet: {ask} to add your email{email} to the plan.")


def default_plan(session: Session, person: Person, who: Who) -> Plan | None:
    """The plan of this channel; else the person's only plan; else the deployment's only plan."""
    here = plans.plan_for_channel(session, who.channel)
    return _choose(session, here, plans.plans_of(session, person) if here is None else [])


def _choose(session: Session, here: Plan | None, mine: Sequence[Plan]) -> Plan | None:
    if here is not None:
        return here
    if len(mine) == 1:
        return mine[0]
    if not mine:
        every = plans.all_plans(session)
        if len(every) == 1:
            return every[0]
    return None


def plan(ctx: Context, slug: str | None) -> Plan:
    if slug:
        found = plans.plan_by_slug(ctx.session, slug)
        if found is None:
            slugs = [p.slug for p in plans.all_plans(ctx.session)]
            hint = did_you_mean(nearest(slug, slugs, n=1))
            raise NotFound(
                f"There is no plan called '{slug}'.{hint} Plans: {', '.join(slugs) or 'none yet'}."
            )
        return found
    if ctx.default_plan is not None:
        return ctx.default_plan
    slugs = [p.slug for p in plans.plans_of(ctx.session, ctx.person)] or [
        p.slug for p in plans.all_plans(ctx.session)
    ]
    if not slugs:
        raise NotFound(
            "There are no plans yet. A plan lead can load one with: improvebot plan import FILE"
        )
    example = slugs[0]
    raise NeedPlan(
        f"Which plan? Name it before the ref, such as {example}:4.2, or use the plan's channel. "
        f"Plans: {', '.join(slugs)}."
    )


def plan_for(ctx: Context, slug: str | None, example: str) -> Plan:
    """The plan a /board or /plan command acts on; if unclear, say how to name it."""
    try:
        return plan(ctx, slug)
    except NeedPlan:
        mine = [p.slug for p in plans.plans_of(ctx.session, ctx.person)]
        every = mine or [p.slug for p in plans.all_plans(ctx.session)]
        raise NeedPlan(
            f"Which plan? Add 'in' and its short name, such as {example} in {every[0]}, "
            f"or type it in the plan's channel. Plans: {', '.join(every)}."
        ) from None


def action(ctx: Context, target: ActionRef, *, lock: bool = False) -> tuple[Plan, Action]:
    """The action a command names; with lock=True held for a change (see Context.hold)."""
    where = plan(ctx, target.plan)
    # Locked as it is read (one statement), then the clock is read again (Context.hold).
    found = actions.by_ref(ctx.session, where.id, target.ref, lock=lock)
    if found is None:
        near = actions.nearest_refs(ctx.session, where.id, target.ref)
        hint = f" Did you mean {one_of(near)}?" if near else ""
        raise NotFound(f"There is no action {target.ref} in {where.name}.{hint}")
    return where, ctx.held(found) if lock else found


def person(ctx: Context, where: Plan, ref: PersonRef) -> Person:
    """Someone in the plan, named by a chat mention, an email, a handle or any part of their
    name. Nobody is made here: someone not in the plan is refused with how to add them."""
    session = ctx.session
    if ref.kind == "slack":
        found = people.by_identity(session, ctx.who.platform, ctx.who.workspace, ref.value)
        profile = ctx.directory.profile(ref.value) if found is None and ctx.directory else None
        if found is None and profile is not None and profile.email:
            found = people.by_email(session, profile.email)
            if found is None or not roster.is_member(session, where, found):
                raise NotFound(not_in_plan(profile.email, profile.name))
            people.link_identity(session, found, ctx.who.platform, ctx.who.workspace, ref.value)
        if found is None:
            raise NotFound(f"I don't know {ref} yet. Name them by email instead.")
        if not roster.is_member(session, where, found):
            raise NotFound(not_in_plan(found.email or str(ref), found.name))
        return found
    if ref.kind == "email":
        found = people.by_email(session, ref.value)
        if found is None or not roster.is_member(session, where, found):
            raise NotFound(not_in_plan(ref.value))
        return found
    candidates = people.in_plan(session, where.id)
    matches = people.match(candidates, ref.value)
    if len(matches) == 1:
        return matches[0]
    if matches:
        named = ", ".join(f"{p.display} ({p.email or '@' + people.handle(p)})" for p in matches)
        raise UserError(f"Several people match {ref}: {named}. Use their email.")
    hint = did_you_mean(
        [f"@{h}" for h in nearest(ref.value.lower(), [people.handle(p) for p in candidates])]
    )
    raise NotFound(f"Nobody in {where.name} is called {ref}.{hint}")


def not_in_plan(email: str, name: str | None = None) -> str:
    """The refusal for someone named who is not in the plan, with the command that adds them."""
    return (
        f'{email} is not in the plan: add them with `/plan people add {email} "{name or "Name"}"`'
    )


def kpi(ctx: Context, where: Plan, code: str) -> Kpi:
    found = ctx.session.scalar(select(Kpi).where(Kpi.plan_id == where.id, Kpi.code == code.upper()))
    if found is None:
        codes = sorted(
            ctx.session.scalars(select(Kpi.code).where(Kpi.plan_id == where.id)), key=code_key
        )
        hint = did_you_mean(nearest(code.upper(), codes, n=1))
        listed = f" KPIs: {', '.join(codes)}." if codes else " This plan has no KPIs yet."
        raise NotFound(f"There is no KPI {code.upper()} in {where.name}.{hint}{listed}")
    return found


def risk(ctx: Context, where: Plan, code: str, *, lock: bool = False) -> Risk:
    """The risk a command names; with lock=True held for a change (see Context.hold)."""
    found = risks.by_code(ctx.session, where.id, code)
    if found is None:
        known = risks.codes(ctx.session, where.id)
        hint = did_you_mean(nearest(code.upper(), known, n=1))
        listed = f" Risks: {', '.join(known)}." if known else " This plan has no risks yet."
        raise NotFound(f"There is no risk {code.upper()} in {where.name}.{hint}{listed}")
    return ctx.hold(found) if lock else found
