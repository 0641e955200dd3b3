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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store import people, privacy, risks
from store.actions import all_actions
from store.domain import Role, Via
from store.errors import UserError
from store.imports.cells import read_date
from store.imports.people import read_email, read_person
from store.imports.rows import Problem
from store.models import Person, Plan, Risk
from store.plans import grant
from store.risks import cells, register
from store.risks.matrix import Rating, RiskRules
from store.risks.reviews import DEFAULT_EVERY, after
from store.roster import is_member
from store.spreadsheet import (
    CellError,
    CellValue,
    Row,
    Schema,
    Sheet,
    SheetError,
    cell_text,
    read_sheet,
)

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
TEXTS = {f: f for f in ("title", "description", "cause", "consequence", "controls")}
TEXTS["note"] = "latest_note"
T = TypeVar("T")


class RiskImportRejected(UserError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The risks were not saved: {count}. Nothing was changed.")
        self.problems = list(problems)
        self.details = tuple(map(str, self.problems))


@dataclass(frozen=True)
class RiskRow:
    row: int
    code: str | None
    values: dict[str, Any]  # Risk attribute -> value, for the columns the file has
    owner: tuple[str, str | None] | None  # (name, email); None with no owner columns
    actions: tuple[str, ...]


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


def check_rows(sheet: Sheet, plan: Plan, refs: Sequence[str], today: date) -> list[RiskRow]:
    """Every risk in the sheet; raises RiskImportRejected listing every problem."""
    problems: list[Problem] = []
    found: list[RiskRow] = []
    seen: dict[str, int] = {}
    checker = _Checker(sheet, plan, refs, today, problems)
    for row in sheet.rows:
        checked = checker.check(row, seen)
        if checked is not None:
            found.append(checked)
    if not found and not problems:
        message = "There are no risks below the header row. Add rows with a Risk and a rating."
        problems.append(Problem(sheet.header_row, None, message))
    if problems:
        raise RiskImportRejected(problems)
    return found


@dataclass
class _Checker:
    sheet: Sheet
    plan: Plan
    refs: Sequence[str]
    today: date
    problems: list[Problem]

    def bad(self, row: Row, name: str | None, message: str) -> None:
        column = self.sheet.headers.get(name) if name else None
        self.problems.append(Problem(row.number or None, column, message))

    def read(self, row: Row, name: str, reader: Callable[[CellValue], T]) -> T | None:
        try:
            return reader(row.cells.get(name, ""))
        except CellError as exc:
            self.bad(row, name, str(exc))
            return None

    def check(self, row: Row, seen: dict[str, int]) -> RiskRow | None:
        before = len(self.problems)
        has = self.sheet.headers
        code = self.read(row, "code", cells.read_code)
        if code and code in seen:
            self.bad(row, "code", f"{code} is also on row {seen[code]}. Give each risk its own.")
        elif code:
            seen[code] = row.number
        values: dict[str, Any] = {
            attribute: row.text(name).strip() or None
            for name, attribute in TEXTS.items()
            if name in has
        }
        if not values.get("title"):
            self.bad(row, "title", "The risk has no title. Type what could go wrong.")
        values.update(self.ratings(row))
        mitigation = self.read(row, "mitigation", lambda v: cells.read_mitigation(v, self.refs))
        actions, prose = mitigation or ((), "")
        if prose and not values.get("controls"):
            values["controls"] = prose
        if "status" in has:
            values["status"] = self.read(row, "status", cells.read_status)
        # A blank review date or frequency leaves the risk's own (a new risk: a month on).
        every = self.read(row, "every", cells.read_every_cell) if "every" in has else None
        if every:
            values["review_every"] = every
        review = (
            self.read(row, "review", lambda v: read_date(v, self.today))
            if "review" in has
            else None
        )
        if review:
            values["review_date"] = review
        owner = self.owner(row)
        rules = privacy.PrivacyRules.for_plan(self.plan.settings)
        for name, attribute in TEXTS.items():
            found = privacy.findings(values.get(attribute), rules, self.today)
            if found:
                self.bad(row, name, f"This cell {privacy.explain(found)}")
        if len(self.problems) > before:
            return None
        return RiskRow(row.number, code, values, owner, actions)

    def ratings(self, row: Row) -> dict[str, Any]:
        matrix = RiskRules.for_plan(self.plan.settings).matrix
        before = len(self.problems)
        likelihood = self.read(
            row, "likelihood", lambda v: cells.read_level(v, matrix.likelihood, "likelihood")
        )
        impact = self.read(row, "impact", lambda v: cells.read_level(v, matrix.impact, "impact"))
        given = self.read(row, "rating", lambda v: cells.read_rating(v, matrix))
        score = self.read(row, "score", cells.read_score)
        current = Rating(likelihood, impact) if likelihood and impact else None
        if isinstance(given, Rating):
            if current is not None and given != current:
                said = f"likelihood × impact gives {matrix.name(current)}"
                self.bad(row, "rating", f"{matrix.name(given)} disagrees: {said}. Make them agree.")
            current = given
        elif isinstance(given, int):
            score = score if score is not None else given
        if current is None:
            if len(self.problems) > before:
                return {}  # a cell already said what is wrong
            if (likelihood is None) != (impact is None):
                self.bad(row, "impact" if impact is None else "likelihood",
                         "Give both likelihood and impact, or a Risk Rating such as "
                         f"{matrix.example}.")  # fmt: skip
            else:
                self.bad(row, "rating", f"The risk has no rating. Give Likelihood and Impact, or "
                                        f"a Risk Rating such as {matrix.example}.")  # fmt: skip
            return {}
        if score is not None and score != current.score:
            self.bad(row, "score" if "score" in self.sheet.headers else "rating",
                     f"Score {score} is not likelihood × impact: {matrix.name(current)} "
                     f"scores {current.score}.")  # fmt: skip
        found: dict[str, Any] = {"current": current.key}
        for name in ("inherent", "target"):
            other = self.read(row, name, lambda v: cells.read_rating(v, matrix))
            if isinstance(other, int):
                self.bad(row, name, f"Give the {name} rating as {matrix.example}, not a score.")
            elif other is not None:
                found[name] = other.key
        return found

    def owner(self, row: Row) -> tuple[str, str | None] | None:
        has = self.sheet.headers
        if "owner" not in has and "owner_email" not in has:
            return None
        person = self.read(row, "owner", lambda v: read_person(cell_text(v)))
        email = self.read(row, "owner_email", lambda v: read_email(cell_text(v)))
        name = person.name if person else ""
        email = email or (person.email if person else None)
        if not name and not email:
            self.bad(row, "owner", "The risk has no owner. Name someone in the plan.")
        return (name, email)


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
