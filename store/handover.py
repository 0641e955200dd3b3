"""When someone leaves: everything they held in a plan passes to someone already in it.

One call, in the caller's one transaction: their open actions (each owner change written
through the history with the reason), the KPIs they own (kept in each KPI's history), the
themes they lead, their plan lead role, and the delegations others gave them. Then they leave
the plan. Closed actions keep their owner: that is who did the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from store import history, plans, roster
from store.domain import Role
from store.models import Person, Plan, Update
from store.roster import By, RosterError, label


@dataclass
class Handover:
    old: str
    new: str
    actions: list[str] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)  # whose delegate they were
    plan_lead: bool = False

    def lines(self) -> list[str]:
        """What moved, one line each, for the reply and the command line."""
        found = []
        if self.actions:
            found.append(f"open actions: {', '.join(self.actions)} (each change in its history)")
        if self.kpis:
            found.append(f"KPIs: {', '.join(self.kpis)}")
        if self.themes:
            found.append(f"theme lead of theme {' and '.join(self.themes)}")
        if self.plan_lead:
            found.append("plan lead")
        if self.delegations:
            found.append(f"delegate for {', '.join(self.delegations)}")
        return found


def reason(old: Person, new: Person) -> str:
    return f"{old.display} left; {new.display} replaces them"


def replace(session: Session, plan: Plan, old: Person, new: Person, *, by: By) -> Handover:
    """Move everything `old` holds in `plan` to `new` (already in it), then take `old` out."""
    if old.id == new.id:
        raise RosterError(f"{old.display} cannot replace themselves. Name who takes over.")
    for person in (old, new):
        if not roster.is_member(session, plan, person):
            raise RosterError(f"{label(person)} is not in {plan.name}.")
    why = reason(old, new)
    done = Handover(label(old), label(new))
    for action in roster.open_actions(session, plan, old):
        history.record(
            session, action, {"owner_id": new.id}, at=by.at, via=by.via, by=by.person, reason=why
        )
        done.actions.append(action.ref)
    for kpi in roster.kpis_owned(session, plan, old):
        kpi.owner_id = new.id
        text = f"{kpi.code} owner: {label(old)} -> {label(new)} ({why})"
        kept = Update(plan_id=plan.id, kpi_id=kpi.id, at=by.at, via=by.via, note=text)
        kept.person = by.person
        session.add(kept)
        done.kpis.append(kpi.code)
    for theme in roster.themes_led(session, plan, old):
        theme.lead = new
        done.themes.append(theme.number)
    if done.themes:
        plans.grant(session, plan, new, Role.THEME_LEAD)
    if roster.role_of(session, plan, old) is Role.PLAN_LEAD:
        plans.grant(session, plan, new, Role.PLAN_LEAD)
        done.plan_lead = True
    for person in roster.delegators(session, plan, old):
        # Nobody is their own delegate: the new person's own delegation simply ends.
        person.delegate_id = None if person.id == new.id else new.id
        if person.id != new.id:
            done.delegations.append(person.display)
    session.flush()
    roster.note(session, plan, by, f"{label(new)} replaces {label(old)}: {'; '.join(done.lines())}")
    roster.remove(session, plan, old, by=by)
    return done
