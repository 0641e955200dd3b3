"""Which plan a command-line command means: the one named, or the only one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.errors import UserError
from store.models import Plan
from store.plans import all_plans, plan_by_slug


class PlanChoiceError(UserError):
    """No plan, or several and none named; the message says which slugs to choose from."""


def choose_plan(session: Session, slug: str | None) -> Plan:
    """The plan named by `slug`, or the only plan; otherwise say which slugs to choose from."""
    slugs = [p.slug for p in all_plans(session)]
    choices = f"Choose one with --plan: {', '.join(slugs)}." if slugs else ""
    if slug:
        found = plan_by_slug(session, slug)
        if found is None:
            raise PlanChoiceError(f"There is no plan '{slug}'. {choices}".strip())
        return found
    if len(slugs) == 1:
        return all_plans(session)[0]
    if not slugs:
        raise PlanChoiceError("There are no plans yet. Import one with `improvebot plan import`.")
    raise PlanChoiceError(f"There are {len(slugs)} plans. {choices}")
