"""Changing a plan's risk matrix and bands (/plan risk, improvebot plan configure).

A plan may change matrix at any time its ratings allow: levels stay as they are, so a risk
rated 4x3 on a 5 x 5 matrix reads B2 on the letters one (and back); a change that would
leave a risk off the new matrix is refused, naming the risks to re-rate first. Bands go back
to the new matrix's own unless they still fit it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.models import Plan
from store.risks import all_risks
from store.risks.matrix import Rating, RatingError, RiskRules, check_bands, read_matrix


def set_matrix(session: Session, plan: Plan, word: str) -> str:
    matrix = read_matrix(word)
    off = []
    for risk in all_risks(session, plan.id, open_only=True):
        for key in (risk.inherent, risk.current, risk.target):
            rating = Rating.from_key(key)
            if rating is not None and not matrix.fits(rating):
                off.append(risk.code)
                break
    if off:
        raise RatingError(
            f"{', '.join(off)} {'has' if len(off) == 1 else 'have'} ratings beyond the "
            f"{matrix.title} matrix. Re-rate or close {'it' if len(off) == 1 else 'them'} "
            "first, then change the matrix."
        )
    section = dict((plan.settings or {}).get("risk") or {})
    section["matrix"] = matrix.key
    section.pop("bands", None)  # the new matrix's own bands, unless set again
    plan.settings = {**(plan.settings or {}), "risk": section}
    return describe(plan)


def set_bands(plan: Plan, red: int, amber: int) -> str:
    rules = RiskRules.for_plan(plan.settings)
    bands = check_bands(rules.matrix, red, amber)
    section = dict((plan.settings or {}).get("risk") or {})
    section["bands"] = {"red": bands.red, "amber": bands.amber}
    plan.settings = {**(plan.settings or {}), "risk": section}
    return describe(plan)


def describe(plan: Plan) -> str:
    rules = RiskRules.for_plan(plan.settings)
    return f"risks are rated on a {rules.matrix.title} matrix, banded {rules.bands_text}"
