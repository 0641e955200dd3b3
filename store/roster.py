"""Who is in a plan, and in which role: the one way people join a plan, leave it or change role.

Chat (/plan people, /plan lead, /theme lead) and `improvebot plan people` both call these, so
each rule is checked once. Nobody joins a plan as a side effect of being named somewhere else
(an owner, a delegate, a KPI owner): those refuse anyone who was not added here first.

A Membership holds one role per person and plan (plan lead > theme lead > owner > viewer);
which theme a theme lead leads is Theme.lead. Every change is kept as a plan-level Update (one
with no action), so the history says who changed whose role, when, and through what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import people, plans
from store.domain import Role
from store.errors import UserError
from store.models import Action, Kpi, Membership, Person, Plan, Theme, Update


class RosterError(UserError):
    """A change to the plan's people that cannot be made; says why and what to do first."""


@dataclass(frozen=True)
class Holdings:
    """What someone is answerable for in a plan, which must pass to someone else first."""

    actions: list[str]  # refs of open actions they own
    kpis: list[str]
    themes: list[str]  # numbers of the themes they lead

    def __bool__(self) -> bool:
        return bool(self.actions or self.kpis or self.themes)

    def describe(self) -> str:
        parts = []
        if self.actions:
            parts.append(f"{_count(self.actions, 'open action')} ({', '.join(self.actions)})")
        if self.kpis:
            parts.append(f"{_count(self.kpis, 'KPI')} ({', '.join(self.kpis)})")
        if self.themes:
            parts.append(f"the lead of theme {' and '.join(self.themes)}")
        return _and(parts)


class StillResponsible(RosterError):
    """Someone cannot leave (or become a viewer) while they hold work in the plan."""

    def __init__(self, person: Person, held: Holdings) -> None:
        super().__init__(f"{person.display} still holds {held.describe()}.")
        self.person = person
        self.held = held


@dataclass(frozen=True)
class By:
    """Who made a change and through what, for the history."""

    at: datetime
    via: str
    person: Person | None = None


def label(person: Person) -> str:
    """'Pat Quinn (pat.quinn@westshire.gov.uk)': how a change names someone."""
    return f"{person.display} ({person.email})" if person.email else person.display


def role_of(session: Session, plan: Plan, person: Person) -> Role | None:
    return plans.role_of(session, plan, person)


def themes_led(session: Session, plan: Plan, person: Person) -> list[Theme]:
    return list(
        session.scalars(
            select(Theme)
            .where(Theme.plan_id == plan.id, Theme.lead_id == person.id)
            .order_by(Theme.number_key)
        )
    )


def open_actions(session: Session, plan: Plan, person: Person) -> list[Action]:
    owned = session.scalars(
        select(Action)
        .where(Action.plan_id == plan.id, Action.owner_id == person.id)
        .order_by(Action.ref_key)
    )
    return [action for action in owned if action.is_open]


def kpis_owned(session: Session, plan: Plan, person: Person) -> list[Kpi]:
    return list(
        session.scalars(
            select(Kpi).where(Kpi.plan_id == plan.id, Kpi.owner_id == person.id).order_by(Kpi.code)
        )
    )


def holdings(session: Session, plan: Plan, person: Person) -> Holdings:
    return Holdings(
        actions=[a.ref for a in open_actions(session, plan, person)],
        kpis=[k.code for k in kpis_owned(session, plan, person)],
        themes=[t.number for t in themes_led(session, plan, person)],
    )


def delegators(session: Session, plan: Plan, person: Person) -> list[Person]:
    """The plan's people who named `person` as their delegate."""
    return list(
        session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.plan_id == plan.id, Person.delegate_id == person.id)
            .order_by(Person.name)
        )
    )


# -- joining --------------------------------------------------------------------------------------
def add(
    session: Session,
    plan: Plan,
    *,
    email: str,
    name: str,
    role: Role | None,
    theme: Theme | None,
    by: By,
) -> str:
    """Add someone to the plan (as an owner unless `role` says otherwise), or, for someone
    already in it, give them `role`. Returns what was done, as a sentence."""
    address = people.normalise_email(email) or ""
    if not people.is_email(address):
        raise RosterError(
            f"'{email}' is not an email address. Give theirs, such as pat.quinn@council.gov.uk."
        )
    name = " ".join(name.split())
    if not name:
        raise RosterError(f'Give the name of {address} too, in quotes: "Pat Quinn".')
    if role is Role.THEME_LEAD and theme is None:
        raise RosterError("Say which theme they lead, such as theme lead 2.")
    person = people.by_email(session, address)
    renamed = ""
    if person is None:
        person = Person(name=name, email=address, created_at=by.at)
        session.add(person)
        session.flush()
    elif person.name != name:
        # A spreadsheet often names a job title, not a person: the plan lead's word wins.
        renamed = f" (their name was {person.name})"
        note(session, plan, by, f"{address} was named {person.name}, now {name}")
        person.name = name
    current = role_of(session, plan, person)
    if current is not None:
        if role is None:
            raise RosterError(
                f"{label(person)} is already in {plan.name} as "
                f"{describe_role(session, plan, person)}: nothing to add. "
                "Name a role to change theirs."
            )
        return set_role(session, plan, person, role, theme, by=by).removesuffix(".") + renamed + "."
    joins_as = Role.OWNER if role in (None, Role.THEME_LEAD) else role
    session.add(Membership(plan_id=plan.id, person_id=person.id, role=joins_as.value))
    session.flush()
    if role is Role.THEME_LEAD and theme is not None:
        set_theme_lead(session, plan, theme, person, by=by)
    done = f"Added {label(person)} to {plan.name} as {describe_role(session, plan, person)}"
    note(session, plan, by, done)
    return done + renamed + "."


def describe_role(session: Session, plan: Plan, person: Person) -> str:
    led = [t.number for t in themes_led(session, plan, person)]
    return role_text(role_of(session, plan, person), led)


def role_text(role: Role | None, led: Sequence[str]) -> str:
    """'plan lead', 'theme lead of theme 2', 'plan lead and lead of theme 1', 'owner' …"""
    word = role.word if role else "not in the plan"
    if not led:
        return word
    themes = f"theme {' and '.join(led)}"
    return f"theme lead of {themes}" if role is Role.THEME_LEAD else f"{word} and lead of {themes}"


# -- roles -----------------------------------------------------------------------------------------
def set_role(
    session: Session, plan: Plan, person: Person, role: Role, theme: Theme | None, *, by: By
) -> str:
    """Give someone already in the plan exactly `role` (a theme lead needs `theme`)."""
    current = _member_role(session, plan, person)
    if role is Role.THEME_LEAD:
        if theme is None:
            raise RosterError("Say which theme they lead, such as theme lead 2.")
        return set_theme_lead(session, plan, theme, person, by=by)
    if role is current:
        raise RosterError(f"{label(person)} is already {_a(role)} in {plan.name}.")
    if role is Role.PLAN_LEAD:
        _set(session, plan, person, Role.PLAN_LEAD)
        done = f"{label(person)} is now a plan lead of {plan.name}"
        note(session, plan, by, done)
        return done + "."
    if current is Role.PLAN_LEAD:
        _not_last_lead(session, plan, person)
    led = themes_led(session, plan, person)
    if led:
        numbers = " and ".join(t.number for t in led)
        raise RosterError(
            f"{person.display} leads theme {numbers}: name another theme lead for it first."
        )
    if role is Role.VIEWER:
        held = holdings(session, plan, person)
        if held:
            raise StillResponsible(person, held)
    _set(session, plan, person, role)
    done = f"{label(person)} is now {_a(role)} in {plan.name} (was {current.word})"
    note(session, plan, by, done)
    return done + "."


def drop_plan_lead(session: Session, plan: Plan, person: Person, *, by: By) -> str:
    """No longer a plan lead: a theme lead if they lead a theme, else an owner."""
    if _member_role(session, plan, person) is not Role.PLAN_LEAD:
        raise RosterError(f"{person.display} is not a plan lead of {plan.name}.")
    _not_last_lead(session, plan, person)
    leads_a_theme = bool(themes_led(session, plan, person))
    _set(session, plan, person, Role.THEME_LEAD if leads_a_theme else Role.OWNER)
    done = (
        f"{person.display} is no longer a plan lead of {plan.name} "
        f"(now {describe_role(session, plan, person)})"
    )
    note(session, plan, by, done)
    return done + "."


def set_theme_lead(
    session: Session, plan: Plan, theme: Theme, person: Person | None, *, by: By
) -> str:
    """Make `person` (someone in the plan) the lead of `theme`, or leave it with none."""
    if person is not None:
        _member_role(session, plan, person)
        if theme.lead_id == person.id:
            raise RosterError(f"{person.display} already leads theme {theme.number}.")
    old = theme.lead
    theme.lead = person
    session.flush()
    if person is not None:
        plans.grant(session, plan, person, Role.THEME_LEAD)
    # A theme lead who now leads no theme is an owner again; a plan lead stays one.
    if (
        old is not None
        and role_of(session, plan, old) is Role.THEME_LEAD
        and not themes_led(session, plan, old)
    ):
        _set(session, plan, old, Role.OWNER)
    title = f"theme {theme.number} {theme.name}".rstrip()
    done = f"{person.display} now leads {title}" if person else f"{title} has no lead now"
    if old is not None:
        done += f" (was {old.display})"
    note(session, plan, by, done)
    return done + "."


# -- leaving ---------------------------------------------------------------------------------------
def remove(session: Session, plan: Plan, person: Person, *, by: By) -> str:
    """Take someone out of the plan. Refused while they hold open work (replace them first) or
    are its only plan lead; anyone who named them as delegate no longer has one."""
    role = _member_role(session, plan, person)
    held = holdings(session, plan, person)
    if held:
        raise StillResponsible(person, held)
    if role is Role.PLAN_LEAD:
        _not_last_lead(session, plan, person)
    ended = delegators(session, plan, person)
    for other in ended:
        other.delegate_id = None
    membership = session.get(Membership, (plan.id, person.id))
    session.delete(membership)
    session.flush()
    done = f"Removed {label(person)} from {plan.name}"
    note(session, plan, by, done)
    if ended:
        names = _and([p.display for p in ended])
        done += f". {names} had them as delegate: that delegation has ended"
    return done + "."


def note(session: Session, plan: Plan, by: By, text: str) -> None:
    """A plan-level history row: who changed the plan's people, when, and through what."""
    session.add(Update(plan_id=plan.id, person=by.person, at=by.at, via=by.via, note=text))


def is_member(session: Session, plan: Plan, person: Person) -> bool:
    return role_of(session, plan, person) is not None


def members_by_email(session: Session, plan: Plan, emails: Sequence[str]) -> set[str]:
    """Which of these emails belong to people in the plan."""
    wanted = {people.normalise_email(e) for e in emails}
    return {
        email
        for email in session.scalars(
            select(Person.email)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.plan_id == plan.id, Person.email.in_(wanted))
        )
        if email
    }


def _member_role(session: Session, plan: Plan, person: Person) -> Role:
    role = role_of(session, plan, person)
    if role is None:
        raise RosterError(f"{label(person)} is not in {plan.name}.")
    return role


def _set(session: Session, plan: Plan, person: Person, role: Role) -> None:
    plans.grant(session, plan, person, role, force=True)
    session.flush()


def _not_last_lead(session: Session, plan: Plan, person: Person) -> None:
    others = [p for p in plans.plan_leads(session, plan) if p.id != person.id]
    if not others:
        raise RosterError(
            f"{person.display} is the only plan lead of {plan.name}: name another plan lead first."
        )


def _a(role: Role) -> str:
    return f"an {role.word}" if role is Role.OWNER else f"a {role.word}"


def _count(items: Sequence[str], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _and(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
