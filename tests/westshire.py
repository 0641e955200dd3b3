"""Westshire Council's plan for the people and sign-off tests: three themes (two with leads,
one led by nobody), named officers with titles, actions and KPIs with owners.

Handles are the console identities tests speak as: Chat(db, now).say("grace.obi", ...).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import history, people, plans
from store.domain import Role, Status, Via, ref_key
from store.models import Action, Kpi, Person, Plan

DOMAIN = "westshire.gov.uk"
SLUG = "westshire"
NAME = "Westshire Children's Services Improvement Plan"

OFFICERS = {
    # handle: (name, job title, role)
    "grace.obi": ("Grace Obi", "Improvement Programme Manager", Role.PLAN_LEAD),
    "mark.hughes": ("Mark Hughes", "Head of Service, Safeguarding", Role.THEME_LEAD),
    "priya.shah": ("Dr Priya Shah", "Principal Social Worker", Role.THEME_LEAD),
    "owen.price": ("Owen Price", "Team Manager, Front Door", Role.OWNER),
    "leah.morgan": ("Leah Morgan", "Team Manager, Children in Care", Role.OWNER),
    "rhys.evans": ("Rhys Evans", "Quality Assurance Lead", Role.OWNER),
    "helen.ward": ("Cllr Helen Ward", "Chair of Children's Scrutiny", Role.VIEWER),
}

THEMES = [
    # number, name, lead handle
    ("1", "Leadership, management and governance", None),
    ("2", "The front door", "mark.hughes"),
    ("3", "Quality of practice", "priya.shah"),
]

ACTIONS = [
    # ref, title, owner handle, due (days from now), status
    ("1.1", "Agree the improvement board's terms of reference", "grace.obi", 20, "green"),
    ("2.1", "Decide every contact within one working day", "owen.price", 30, "amber"),
    ("2.2", "Audit threshold decisions each month", "owen.price", -5, "red"),
    ("2.3", "Publish the multi-agency threshold document", "owen.price", -40, "complete"),
    ("3.1", "Embed the practice model in every team", "rhys.evans", 60, "not_started"),
    ("3.2", "Review every care plan over six months old", "leah.morgan", 15, "green"),
]

KPIS = [
    # code, name, owner handle
    ("K1", "Contacts decided within one working day", "owen.price"),
    ("K2", "Audits graded good or better", "rhys.evans"),
]


def email(handle: str) -> str:
    return f"{handle}@{DOMAIN}"


def build_westshire(s: Session, now: datetime, *, with_plan_lead: bool = True) -> Plan:
    """The plan, with Grace Obi its plan lead (or, without, a plan nobody leads yet)."""
    plan = plans.create_plan(s, slug=SLUG, name=NAME, at=now, channel="#westshire-improvement")
    folks: dict[str, Person] = {}
    for handle, (name, title, role) in OFFICERS.items():
        person = people.find_or_create(s, name=name, email=email(handle), at=now, job_title=title)
        people.link_identity(s, person, "console", "console", handle)
        if role is Role.PLAN_LEAD and not with_plan_lead:
            role = Role.OWNER
        plans.grant(s, plan, person, role)
        folks[handle] = person
    for number, name, lead in THEMES:
        theme = plans.ensure_theme(s, plan, number, name)
        theme.lead_id = folks[lead].id if lead else None
    for ref, title, owner, due_in, status in ACTIONS:
        due = now.date() + timedelta(days=due_in)
        action = Action(
            plan_id=plan.id,
            theme_id=plans.ensure_theme(s, plan, ref.split(".")[0]).id,
            ref=ref,
            ref_key=ref_key(ref),
            title=title,
            owner_id=folks[owner].id,
            due_date=due,
            baseline_due=due,
            status=Status(status).value,
        )
        history.create_action(s, action, at=now - timedelta(days=90), via=Via.IMPORT)
    for code, name, owner in KPIS:
        s.add(Kpi(plan_id=plan.id, code=code, name=name, owner_id=folks[owner].id, created_at=now))
    s.flush()
    return plan


def person(s: Session, handle: str) -> Person:
    return s.scalars(select(Person).where(Person.email == email(handle))).one()


def action(s: Session, ref: str) -> Action:
    return s.scalars(select(Action).where(Action.ref == ref)).one()
