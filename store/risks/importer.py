"""The risk register from a council's spreadsheet (CSV or XLSX), all or nothing.

Headers are matched as plan files' are (store.spreadsheet), with the words councils use:
Ref, Risk, Risk Description, Cause, Consequence, Controls, Likelihood, Impact, Score, Risk
Rating, Inherent Rating, Target Rating, Mitigation, Risk Owner (and email), Review Date,
Review Frequency, Status, Latest Update. A row's current rating comes from Likelihood and
Impact, or from Risk Rating (B2, 4x3); a Score, or a Risk Rating that is only a number, must
agree with them. Mitigation names the actions that mitigate the risk (4.1, 4.2); prose there
becomes the risk's controls when there is no Controls column. The owner must already be in
the plan.

Every row is checked first, and any problem refuses the whole file, each named by row and
column. Risks are matched by Ref (or, with no Ref column, by title); each change goes into the
risk's history with via "import", and a new rating with the reason "changed by import of …".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import people, risks
from store.actions import all_actions
from store.domain import Role, Via
from store.imports.rows import Problem
from store.models import Person, Plan, Risk
from store.plans import grant
from store.risks import register
from store.risks.reviews import DEFAULT_EVERY, after
from store.risks.rows import RiskImportRejected, RiskRow, check_rows
from store.roster import is_member
from store.spreadsheet import Schema, Sheet, SheetError, read_sheet

__all__ = ["RISK_SCHEMA", "RiskImportRejected", "RiskImportResult", "import_risks"]

RISK_SCHEMA = Schema(
    headers={
        "code": ("Ref", "Risk ref", "Risk no", "Risk ID", "Risk number", "Code", "No."),
        "title": ("Risk", "Risk title", "Title", "Risk name"),
        "description": ("Risk Description", "Description", "Risk detail"),
        "cause": ("Cause", "Causes", "Risk cause", "Trigger", "Triggers"),
        "consequence": ("Consequence", "Consequences", "Effect", "Effects"),
        "controls": ("Controls", "Existing controls", "Current controls", "Controls in place"),
        "likelihood": ("Likelihood", "Current likelihood", "Probability"),
        "impact": ("Impact", "Current impact", "Severity"),
        "score": ("Score", "Risk score", "Current score", "Residual score"),
        "rating": ("Risk Rating", "Rating", "Current rating", "Residual rating"),
        "inherent": ("Inherent Rating", "Inherent risk", "Gross rating", "Original rating"),
        "target": ("Target Rating", "Target risk", "Target score", "Target"),
        "mitigation": ("Mitigation", "Mitigating actions", "Mitigations", "Actions"),
        "owner": ("Risk Owner", "Owner", "Lead Officer", "Responsible officer"),
        "owner_email": ("Risk Owner Email", "Owner Email", "Email"),
        "review": ("Review Date", "Next review", "Next review date", "Review by"),
        "every": ("Review Frequency", "Frequency", "Reviewed"),
        "status": ("Status", "Risk status"),
        "note": ("Latest Update", "Update", "Progress", "Commentary", "Comments"),
    },
    required=("title",),
    missing={"title": "There is no 'Risk' column. Name the column that says what each risk is."},
    example="Ref, Risk, Likelihood, Impact, Risk Owner and Review Date above the risks",
)


@dataclass
class RiskImportResult:
    plan_slug: str
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    linked: list[str] = field(default_factory=list)  # "R1 -> 4.2"


def import_risks(
    session: Session, plan: Plan, path: Path, *, at: datetime, today: date
) -> RiskImportResult:
    try:
        sheet = read_sheet(path, RISK_SCHEMA)
    except SheetError as exc:
        raise RiskImportRejected([Problem(exc.row, None, exc.message)]) from None
    refs = [a.ref for a in all_actions(session, plan.id)]
    rows = check_rows(sheet, plan, refs, today)
    owners = _owners(session, plan, sheet, rows)
    return _apply(session, plan, rows, owners, at=at, reason=f"changed by import of {path.name}")


def _owners(
    session: Session, plan: Plan, sheet: Sheet, rows: Sequence[RiskRow]
) -> dict[int, Person]:
    """Each row's owner, who must already be in the plan (found by email, or by name)."""
    members = people.in_plan(session, plan.id)
    found: dict[int, Person] = {}
    problems = []
    for row in rows:
        if row.owner is None:
            continue
        name, email = row.owner
        person = people.by_email(session, email) if email else None
        if person is None and name:
            matches = people.match(members, name)
            person = matches[0] if len(matches) == 1 else None
        if person is None or not is_member(session, plan, person):
            who = email or name
            adds = f'improvebot plan people add {email or "EMAIL"} --name "{name or "Name"}"'
            problems.append(
                Problem(row.row or None, sheet.headers.get("owner") or sheet.headers.get(
                    "owner_email"), f"{who} is not in the plan: add them with {adds}")
            )  # fmt: skip
            continue
        found[row.row] = person
    if problems:
        raise RiskImportRejected(problems)
    return found


def _apply(
    session: Session,
    plan: Plan,
    rows: Sequence[RiskRow],
    owners: dict[int, Person],
    *,
    at: datetime,
    reason: str,
) -> RiskImportResult:
    result = RiskImportResult(plan.slug)
    existing = list(risks.all_risks(session, plan.id))
    by_code = {r.code: r for r in existing}
    by_title = {r.title.casefold(): r for r in existing}
    actions = {a.ref: a for a in all_actions(session, plan.id)}
    today = at.astimezone(ZoneInfo(plan.timezone)).date()
    for row in rows:
        values = dict(row.values)
        owner = owners.get(row.row)
        if owner is not None:
            grant(session, plan, owner, Role.OWNER)
            values["owner_id"] = owner.id
        risk = by_code.get(row.code) if row.code else by_title.get(values["title"].casefold())
        if risk is None:
            code = row.code or risks.next_code(session, plan.id)
            values.setdefault("inherent", values.get("current"))
            values.setdefault("review_every", DEFAULT_EVERY)
            if values.get("review_date") is None:
                values["review_date"] = after(today, values["review_every"])
            risk = Risk(code=code, **values)
            register.create_risk(session, plan, risk, at=at, via=Via.IMPORT)
            by_code[code] = risk
            result.added.append(code)
        else:
            moved = "current" in values and values["current"] != risk.current
            update = register.record(
                session, plan, risk, values, at=at, via=Via.IMPORT, reason=reason if moved else None
            )
            if update is not None:
                result.updated[risk.code] = [c.field for c in update.changes]
            else:
                result.unchanged += 1
        for ref in row.actions:
            if register.link_action(
                session, plan, risk, actions[ref], at=at, via=Via.IMPORT, by=None
            ):
                result.linked.append(f"{risk.code} -> {ref}")
    return result
