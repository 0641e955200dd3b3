"""Checking every row of a risk register file before anything is written.

Each cell becomes a typed value or a Problem naming the row and the column as the file shows
them and saying what to type instead; text that identifies a child or family is a problem
too (store.privacy). Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from store import privacy
from store.errors import UserError
from store.imports.cells import read_date
from store.imports.people import read_email, read_person
from store.imports.rows import Problem
from store.models import Plan
from store.risks import cells
from store.risks.matrix import Rating, RiskRules
from store.spreadsheet import CellError, CellValue, Row, Sheet, cell_text

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
