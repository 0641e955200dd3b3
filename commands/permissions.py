"""Who may do what. Everyone can read; a refusal names who can act, theme leads included."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from commands.errors import Forbidden
from commands.text import one_of
from store.domain import Role
from store.models import Action, Kpi, Person, Plan, Risk, Theme
from store.plans import plan_leads, role_of

NO_PLAN_LEAD = (
    "This plan has no plan lead yet: name one with "
    'improvebot plan people add EMAIL --name "NAME" --role lead'
)


def is_plan_lead(session: Session, plan: Plan, person: Person) -> bool:
    return role_of(session, plan, person) is Role.PLAN_LEAD


def acts_for_owner(action: Action, person: Person, today: date) -> bool:
    """A delegate acts for the owner only while the owner is away."""
    owner = action.owner
    return (
        owner is not None
        and owner.delegate_id == person.id
        and person.id != owner.id
        and owner.is_away(today)
    )


def can_update(session: Session, plan: Plan, person: Person, action: Action, today: date) -> bool:
    """Owners, their delegates while they are away, the theme lead and plan leads."""
    return (
        (action.owner_id is not None and action.owner_id == person.id)
        or acts_for_owner(action, person, today)
        or (action.theme is not None and action.theme.lead_id == person.id)
        or is_plan_lead(session, plan, person)
    )


def require_update(
    session: Session,
    plan: Plan,
    person: Person,
    action: Action,
    today: date,
    doing: str = "update",
) -> None:
    if can_update(session, plan, person, action, today):
        return
    who = []
    owner = action.owner
    if owner is not None:
        who.append(f"the owner ({owner.display})")
        if owner.delegate is not None and owner.is_away(today):
            who.append(f"their delegate ({owner.delegate.display})")
    if action.theme is not None and action.theme.lead is not None:
        who.append(f"the theme lead ({action.theme.lead.display})")
    who.append(_plan_leads_phrase(session, plan))
    message = f"Only {one_of(who)} can {doing} {action.ref}."
    if owner is not None and owner.delegate_id == person.id and not owner.is_away(today):
        message += f" You act for {owner.display} only while they are away, and they are back."
    raise Forbidden(message + _no_lead_yet(session, plan))


def require_plan_lead(session: Session, plan: Plan, person: Person, doing: str) -> None:
    if not is_plan_lead(session, plan, person):
        raise Forbidden(
            f"Only {_plan_leads_phrase(session, plan)} can {doing}.{_no_lead_yet(session, plan)}"
        )


def require_theme_or_plan_lead(
    session: Session, plan: Plan, person: Person, theme: Theme | None, doing: str
) -> None:
    lead = theme.lead if theme is not None else None
    if (lead is not None and lead.id == person.id) or is_plan_lead(session, plan, person):
        return
    leads = _plan_leads_phrase(session, plan)
    if lead is not None:
        message = f"Only the theme lead ({lead.display}) or {leads} can {doing}."
    else:
        message = f"Only {leads} can {doing}."
        if theme is not None:
            message += (
                f" Theme {theme.number} has no theme lead: a plan lead names one with "
                f"/theme lead {theme.number} <@person>."
            )
    raise Forbidden(message + _no_lead_yet(session, plan))


def require_kpi_update(session: Session, plan: Plan, person: Person, kpi: Kpi) -> None:
    if kpi.owner_id == person.id or is_plan_lead(session, plan, person):
        return
    owner = f"its owner ({kpi.owner.display}) or " if kpi.owner is not None else ""
    raise Forbidden(
        f"Only {owner}{_plan_leads_phrase(session, plan)} can update {kpi.code}."
        + _no_lead_yet(session, plan)
    )


def can_update_risk(session: Session, plan: Plan, person: Person, risk: Risk, today: date) -> bool:
    """A risk's owner, the owner's delegate while they are away, and plan leads."""
    owner = risk.owner
    return (
        (risk.owner_id is not None and risk.owner_id == person.id)
        or (
            owner is not None
            and owner.delegate_id == person.id
            and person.id != owner.id
            and owner.is_away(today)
        )
        or is_plan_lead(session, plan, person)
    )


def require_risk_update(
    session: Session, plan: Plan, person: Person, risk: Risk, today: date, doing: str
) -> None:
    if can_update_risk(session, plan, person, risk, today):
        return
    who = []
    owner = risk.owner
    if owner is not None:
        who.append(f"the risk owner ({owner.display})")
        if owner.delegate is not None and owner.is_away(today):
            who.append(f"their delegate ({owner.delegate.display})")
    who.append(_plan_leads_phrase(session, plan))
    raise Forbidden(f"Only {one_of(who)} can {doing} {risk.code}." + _no_lead_yet(session, plan))


def _plan_leads_phrase(session: Session, plan: Plan) -> str:
    leads = [p.display for p in plan_leads(session, plan)]
    return f"a plan lead ({', '.join(leads)})" if leads else "a plan lead"


def _no_lead_yet(session: Session, plan: Plan) -> str:
    return "" if plan_leads(session, plan) else f" {NO_PLAN_LEAD}."
