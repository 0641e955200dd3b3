"""Risks in the weekly digest: those whose current rating is worse than at the last digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from store.models import Plan
from store.notify.views import RiskNotice
from store.risks import all_risks, past
from store.risks.matrix import Rating, RiskRules


def worsened(session: Session, plan: Plan, since: datetime, now: datetime) -> list[RiskNotice]:
    """Open and tolerated risks scoring higher now than at `since`, worst first, each with
    its rating then and the reason given for the latest change. A risk added since is not
    "worse": it had no rating to be worse than."""
    rules = RiskRules.for_plan(plan.settings)
    then = past.as_at(session, plan.id, since)
    reasons = {m.risk_id: m.reason for m in past.rating_moves(session, plan.id, since, now)}
    found = []
    for risk in all_risks(session, plan.id, open_only=True):
        before = then.get(risk.id)
        old = Rating.from_key(before.current) if before else None
        new = Rating.from_key(risk.current)
        if old is None or new is None or new.score <= old.score:
            continue
        why = f"was {rules.describe(old.key)}"
        if reasons.get(risk.id):
            why += f", because {reasons[risk.id]}"
        found.append(
            (
                new.score,
                risk.number,
                RiskNotice(
                    code=risk.code,
                    title=risk.title,
                    band=rules.band(new) or "" if rules.matrix.fits(new) else "",
                    rating=rules.describe(risk.current),
                    owner=risk.owner.display if risk.owner else "no owner",
                    why=why,
                ),
            )
        )
    return [notice for _score, _number, notice in sorted(found, key=lambda f: (-f[0], f[1]))]
