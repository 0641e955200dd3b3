"""A small council-shaped plan for tests, and a chat helper that reads like a transcript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

import templates
from commands.boundary import run
from commands.context import Who
from store import history, people, plans
from store.domain import Role, Status, Via, ref_key
from store.models import Action, Plan

PEOPLE = {
    # handle: (name, job title, role)
    "amira.khan": ("Amira Khan", "Improvement Programme Manager", Role.PLAN_LEAD),
    "tom.lee": ("Tom Lee", "Head of Service, Children in Care", Role.THEME_LEAD),
    "jane.smith": ("Jane Smith", "Team Manager, Assessment", Role.OWNER),
    "sam.patel": ("Sam Patel", "Head of Quality Assurance", Role.OWNER),
    "val.jones": ("Val Jones", "Scrutiny Chair", Role.VIEWER),
}

ACTIONS = [
    # ref, theme, title, owner, due (days from now), status
    ("1.1", "1", "Refresh the improvement board's terms of reference", "amira.khan", 20, "green"),
    ("1.9", "1", "Publish the practice framework", "sam.patel", -10, "amber"),
    ("1.10", "1", "Launch the quality assurance framework", "sam.patel", 40, "not_started"),
    ("4.2", "4", "Clear the assessment backlog", "jane.smith", 30, "amber"),
    ("4.3", "4", "Review every care plan over six months old", "sam.patel", -3, "red"),
]


def build_plan(
    s: Session, now: datetime, *, slug: str = "ilacs", domain: str = "council.gov.uk"
) -> Plan:
    """Plan 'ilacs': themes 1 and 4 (Tom Lee leads 4), five people, five actions."""
    plan = plans.create_plan(
        s, slug=slug, name=f"{slug.upper()} improvement plan", at=now, channel=f"#{slug}"
    )
    folks = {}
    for handle, (name, title, role) in PEOPLE.items():
        person = people.find_or_create(
            s, name=name, email=f"{handle}@{domain}", at=now, job_title=title
        )
        people.link_identity(s, person, "console", "console", handle)
        plans.grant(s, plan, person, role)
        folks[handle] = person
    plans.ensure_theme(s, plan, "1", "Leadership and governance")
    theme4 = plans.ensure_theme(s, plan, "4", "Children in care")
    theme4.lead_id = folks["tom.lee"].id
    today = now.date()
    for ref, theme, title, owner, due_in, status in ACTIONS:
        action = Action(
            plan_id=plan.id,
            theme_id=plans.ensure_theme(s, plan, theme).id,
            ref=ref,
            ref_key=ref_key(ref),
            title=title,
            owner_id=folks[owner].id,
            due_date=today + timedelta(days=due_in),
            baseline_due=today + timedelta(days=due_in),
            status=Status(status).value,
        )
        history.create_action(s, action, at=now - timedelta(days=60), via=Via.IMPORT)
    return plan


@dataclass
class Chat:
    """Type commands as a person and read the reply, as the console shows it."""

    db: sessionmaker[Session]
    now: datetime
    surface: str = "console"
    channel: str | None = None

    def say(self, handle: str, text: str) -> str:
        reply = run(text, self.who(handle), sessions=self.db, clock=lambda: self.now)
        return templates.render(reply.template, reply.view, self.surface)

    def who(self, handle: str) -> Who:
        return Who("console", "console", handle, self.channel)


def due(days: int, now: datetime) -> date:
    return now.date() + timedelta(days=days)
