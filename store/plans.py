"""Finding and making plans and themes, and who holds which role."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.domain import Role, ref_key
from store.models import Membership, Person, Plan, Theme

_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def slugify(name: str) -> str:
    """A short plan name from a long one: 'SEND Written Statement' -> 'send-written-statement'."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    slug = "-".join(words)[:40].strip("-") or "plan"
    return slug if slug[0].isalpha() else f"plan-{slug}"[:40]


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def create_plan(
    session: Session, *, slug: str, name: str, at: datetime, **settings: object
) -> Plan:
    plan = Plan(slug=slug, name=name, created_at=at, **settings)
    session.add(plan)
    session.flush()
    return plan


def plan_by_slug(session: Session, slug: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.slug == slug.lower()))


def plan_for_channel(session: Session, channel: str | None) -> Plan | None:
    if not channel:
        return None
    return session.scalar(select(Plan).where(Plan.channel == channel).order_by(Plan.id))


def all_plans(session: Session) -> Sequence[Plan]:
    return session.scalars(select(Plan).order_by(Plan.slug)).all()


def plans_of(session: Session, person: Person) -> Sequence[Plan]:
    return session.scalars(
        select(Plan)
        .join(Membership, Membership.plan_id == Plan.id)
        .where(Membership.person_id == person.id)
        .order_by(Plan.slug)
    ).all()


def theme(session: Session, plan: Plan, number: str) -> Theme | None:
    return session.scalar(select(Theme).where(Theme.plan_id == plan.id, Theme.number == number))


def ensure_theme(session: Session, plan: Plan, number: str, name: str | None = None) -> Theme:
    found = theme(session, plan, number)
    if found is None:
        found = Theme(plan=plan, number=number, number_key=ref_key(number), name=name or "")
        session.add(found)
        session.flush()
    elif name and not found.name:
        found.name = name
    return found


def role_of(session: Session, plan: Plan, person: Person) -> Role | None:
    # From the session when the command's first statement read it (commands.resolve.sender).
    membership = session.get(Membership, (plan.id, person.id))
    return Role(membership.role) if membership is not None else None


# A stronger role is never downgraded by, say, re-importing a plan lead as an action owner.
_RANK = {Role.VIEWER: 0, Role.OWNER: 1, Role.THEME_LEAD: 2, Role.PLAN_LEAD: 3}


def grant(session: Session, plan: Plan, person: Person, role: Role, *, force: bool = False) -> None:
    """Give `person` at least `role` in `plan` (exactly `role` with force=True)."""
    membership = session.get(Membership, (plan.id, person.id))
    if membership is None:
        session.add(Membership(plan_id=plan.id, person_id=person.id, role=role.value))
    elif force or _RANK[role] > _RANK[Role(membership.role)]:
        membership.role = role.value


def members(session: Session, plan: Plan) -> Sequence[tuple[Person, Role]]:
    rows = session.execute(
        select(Person, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.plan_id == plan.id)
        .order_by(Person.name)
    ).all()
    return [(person, Role(role)) for person, role in rows]


def plan_leads(session: Session, plan: Plan) -> Sequence[Person]:
    return [person for person, role in members(session, plan) if role is Role.PLAN_LEAD]
