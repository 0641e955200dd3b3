"""Who may do what. Everyone can read; a refusal says who can act."""

from __future__ import annotations

from sqlalchemy.orm import Session

from commands.errors import Forbidden
from commands.text import one_of
from store.domain import Role
from store.models import Action, Kpi, Person, Plan
from store.plans import plan_leads, role_of


def is_plan_lead(session: Session, plan: Plan, person: Person) -> bool:
    return role_of(session, plan, person) is Role.PLAN_LEAD


def can_update(session: Session, plan: Plan, person: Person, action: Action) -> bool:
    """Owners, their delegates, the theme lead and plan leads update an action."""
    owner = action.owner
    return (
        (owner is not None and person.id in (owner.id, owner.delegate_id))
        or (action.theme is not None and action.theme.lead_id == person.id)
        or is_plan_lead(session, plan, person)
    )


def require_update(
    session: Session, plan: Plan, person: Person, action: Action, doing: str = "update"
) -> None:
    if can_update(session, plan, person, action):
        return
    who = []
    if action.owner is not None:
        who.append(f"the owner ({action.owner.display})")
        if action.owner.delegate is not None:
            who.append(f"their delegate ({action.owner.delegate.display})")
    if action.theme is not None and action.theme.lead is not None:
        who.append(f"the theme lead ({action.theme.lead.display})")
    who.append(_plan_leads_phrase(session, plan))
    raise Forbidden(f"Only {one_of(who)} can {doing} {action.ref}.")


def require_plan_lead(session: Session, plan: Plan, person: Person, doing: str) -> None:
    if not is_plan_lead(session, plan, person):
        raise Forbidden(f"Only {_plan_leads_phrase(session, plan)} can {doing}.")


def require_theme_or_plan_lead(
    session: Session, plan: Plan, person: Person, theme_lead_id: int | None, doing: str
) -> None:
    if theme_lead_id == person.id or is_plan_lead(session, plan, person):
        return
    raise Forbidden(f"Only the theme lead or {_plan_leads_phrase(session, plan)} can {doing}.")


def require_kpi_update(session: Session, plan: Plan, person: Person, kpi: Kpi) -> None:
    if kpi.owner_id == person.id or is_plan_lead(session, plan, person):
        return
    owner = f"its owner ({kpi.owner.display}) or " if kpi.owner is not None else ""
    raise Forbidden(f"Only {owner}{_plan_leads_phrase(session, plan)} can update {kpi.code}.")


def _plan_leads_phrase(session: Session, plan: Plan) -> str:
    leads = [p.display for p in plan_leads(session, plan)]
    if not leads:
        return "a plan lead (this plan has none yet)"
    return f"a plan lead ({', '.join(leads)})"
