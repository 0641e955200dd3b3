"""Checking every row of a plan file before anything is written.

Each cell becomes a typed value or a Problem naming the row and the column as the file shows
them and saying what to type instead. Nothing here touches the database, so a file with any
problem can be refused whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from store.domain import is_ref, ref_key
from store.imports.cells import (
    KpiRef,
    read_date,
    read_evidence,
    read_kpis,
    read_ref,
    read_status_cell,
)
from store.imports.people import Leads, OwnerRef, read_email, read_person, several
from store.imports.themes import ThemeReader, ThemeRef
from store.privacy import PrivacyRules, explain, findings
from store.recommendations.codes import references
from store.sheets.colours import WHITE, match
from store.spreadsheet import CellError, CellValue, Row, Sheet, cell_text, trim_ref

__all__ = ["OwnerRef", "PlanRow", "Problem", "check_rows"]

# sheet field -> Action attribute, for the plain values the file may give.
ACTION_FIELDS = {
    "title": "title",
    "success_measure": "success_measure",
    "supporting": "supporting",
    "source": "source",
    "start": "start_date",
    "due": "due_date",
    "status": "status",
    "note": "latest_note",
}
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Row {self.row}"] if self.row else []
        where += [f"column '{self.column}'"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class PlanRow:
    """One action as the file gives it.

    Only the columns the file has are in `values`; `owner` is None when the file has no owner
    column, and `theme` is None when the file says nothing about the theme. `theme_lead` and
    `plan_leads` are the people the row names for those roles (gathered in Checked.leads).
    """

    row: int
    ref: str
    values: dict[str, str | date | None]
    theme: ThemeRef | None
    owner: OwnerRef | None
    evidence: tuple[str, ...]
    kpis: tuple[KpiRef, ...]
    theme_lead: OwnerRef | None = None
    plan_leads: tuple[OwnerRef, ...] = ()
    finding: str = ""  # an "Ofsted ref" cell: the code or number of the finding it answers


@dataclass
class Checked:
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    leads: Leads = field(default_factory=Leads)


def check_rows(
    sheet: Sheet,
    *,
    labels: Mapping[str, str],
    themes: Mapping[str, str],
    today: date,
    privacy: PrivacyRules | None = None,
) -> Checked:
    """Every action in the sheet, and every problem with it (row and column as in the file).

    `themes` maps the plan's existing theme numbers to names, so a theme named without a
    number joins the theme of that name.
    """
    result = Checked()
    refs = [trim_ref(row.text("ref")) for row in sheet.rows]
    hierarchical = any("." in ref for ref in refs if is_ref(ref))
    reader = ThemeReader(themes, hierarchical=hierarchical)
    seen: dict[str, int] = {}
    by_colour = any(_status_by_colour(row) for row in sheet.rows)
    for row in sheet.rows:
        if not row.filled:
            continue
        ref = trim_ref(row.text("ref"))
        if len(row.filled) == 1 and not is_ref(ref):
            reader.heading(row.filled[0])  # a section title such as "Theme 2: Practice"
            continue
        checker = _RowChecker(
            sheet, row, result.problems, by_colour=by_colour, privacy=privacy or PrivacyRules()
        )
        plan_row = checker.check(labels=labels, themes=reader, today=today, seen=seen)
        if plan_row is not None:
            result.rows.append(plan_row)
            checker.gather_leads(plan_row, result.leads)
    if not result.rows and not result.problems:
        result.problems.append(
            Problem(
                sheet.header_row,
                None,
                "There are no actions below the header row. Add rows with a Ref and an Action.",
            )
        )
    return result


def _status_by_colour(row: Row) -> bool:
    """True when the row's status cell has no text but a fill other than white."""
    fill = row.fills.get("status")
    return fill is not None and not row.text("status").strip() and match(fill).status != WHITE


def _duplicate(ref: str, first: int, kind: str) -> str:
    message = f"Ref {ref} is also on row {first}. Give each action its own ref."
    if kind == "xlsx" and "." in ref:
        message += " If Excel turned 1.10 into 1.1, format the Ref column as Text and retype it."
    return message


class _RowChecker:
    def __init__(
        self,
        sheet: Sheet,
        row: Row,
        problems: list[Problem],
        *,
        by_colour: bool = False,
        privacy: PrivacyRules | None = None,
    ) -> None:
        self.privacy = privacy or PrivacyRules()
        self.sheet = sheet
        self.row = row
        self.problems = problems
        self.by_colour = by_colour  # some status cells in the file are shown only by colour
        self.failed = False

    def bad(self, field: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.row.number, self.sheet.headers.get(field), message))

    def check(
        self,
        *,
        labels: Mapping[str, str],
        themes: ThemeReader,
        today: date,
        seen: dict[str, int],
    ) -> PlanRow | None:
        """The row's action, or None after adding its problems; `seen` maps ref keys to rows."""
        row, present = self.row, self.sheet.headers
        ref = self._read("ref", lambda v: read_ref(v)) or ""
        if ref and ref_key(ref) in seen:
            self.bad("ref", _duplicate(ref, seen[ref_key(ref)], self.sheet.kind))
        elif ref:
            seen[ref_key(ref)] = row.number
        values: dict[str, str | date | None] = {}
        for name, attribute in ACTION_FIELDS.items():
            if name not in present:
                continue
            if name in ("start", "due"):
                values[attribute] = self._read(name, lambda v: read_date(v, today))
            elif name == "status":
                values[attribute] = self._read(name, lambda v: self._status(v, labels))
            else:
                values[attribute] = row.text(name) or None
        if not values.get("title"):
            self.bad("title", "The action has no text. Type what will be done, or delete the row.")
        theme = themes.current  # from a section heading row, when there is no theme column
        if "theme" in present:
            theme = self._read("theme", lambda v: themes.read(cell_text(v), ref, row.number))
        owner = self._person("owner", "owner_email")
        theme_lead = self._person("theme_lead", "theme_lead_email")
        plan_leads = self._plan_leads()
        evidence = read_evidence(row.text("evidence"))
        kpis = self._read("kpi", lambda v: read_kpis(cell_text(v))) or ()
        finding = self._finding()
        self._private(values, evidence, today)
        if self.failed:
            return None
        if theme_lead is not None and not (theme_lead.name or theme_lead.email):
            theme_lead = None  # a blank theme lead cell leaves the theme's lead as it is
        return PlanRow(
            row.number, ref, values, theme, owner, evidence, kpis, theme_lead, plan_leads, finding
        )

    def _finding(self) -> str:
        """The 'Ofsted ref' cell: a number (a recommendation), a code such as AFI2, or words
        naming one ("Recommendation 3"); anything else is a problem."""
        text = " ".join(self.row.text("recommendation").split())
        if not text or text.isdigit() or references(text):
            return text
        if " " not in text and len(text) <= 24 and text[:1].isalpha():
            return text
        self.bad(
            "recommendation",
            f"'{text[:40]}' does not name a finding. Type its code, such as REC3 or AFI2, or "
            "its number (3 for Ofsted recommendation 3).",
        )
        return ""

    def _private(
        self, values: Mapping[str, object], evidence: tuple[str, ...], today: date
    ) -> None:
        """Each text cell checked for what identifies a child or family (store.privacy)."""
        fields = ("title", "success_measure", "supporting", "source", "note")
        cells = [(f, values.get(ACTION_FIELDS[f])) for f in fields]
        cells += [("evidence", item) for item in evidence]
        for name, text in cells:
            if not isinstance(text, str):
                continue
            found = findings(text, self.privacy, today)
            if found:
                self.bad(name, f"This cell {explain(found)}")

    def gather_leads(self, plan_row: PlanRow, leads: Leads) -> None:
        """Add the row's leads to the file's, reporting a theme given two leads."""
        lead = plan_row.theme_lead
        if lead is not None:
            if plan_row.theme is None:
                self.bad(
                    "theme_lead",
                    "This row has no theme for its theme lead. Put the theme in a Theme column, "
                    "or leave the theme lead empty.",
                )
            else:
                try:
                    leads.theme_lead(plan_row.theme.number, lead, plan_row.row)
                except CellError as exc:
                    self.bad("theme_lead", str(exc))
        for person in plan_row.plan_leads:
            leads.plan_lead(person)

    def _status(self, value: CellValue, labels: Mapping[str, str]) -> str:
        cell = self.sheet.cell("status", self.row.number) if self.sheet.columns else ""
        fill = self.row.fills.get("status")
        return read_status_cell(value, labels, fill, by_colour=self.by_colour, cell=cell)

    def _each(self, field: str, texts: list[str], reader: Callable[[str], T]) -> list[T]:
        """Each of several people (or emails) in one cell, reporting any that is wrong."""
        found = []
        for text in texts:
            try:
                found.append(reader(text))
            except CellError as exc:
                self.bad(field, str(exc))
        return found

    def _read(self, field: str, reader: Callable[[CellValue], T]) -> T | None:
        try:
            return reader(self.row.cells.get(field, ""))
        except CellError as exc:
            self.bad(field, str(exc))
            return None

    def _person(self, name_field: str, email_field: str) -> OwnerRef | None:
        """The person a name cell and its email cell give; None without either column."""
        present = self.sheet.headers
        if name_field not in present and email_field not in present:
            return None
        person = self._read(name_field, lambda v: read_person(cell_text(v))) or OwnerRef("", None)
        email = self._read(email_field, lambda v: read_email(cell_text(v)))
        return OwnerRef(person.name, email or person.email)  # both blank: nobody

    def _plan_leads(self) -> tuple[OwnerRef, ...]:
        """The plan's leads a row names: one or more, separated by ; or new lines, with their
        emails in the name cell or, in the same order, in a Plan Lead Email column."""
        names = several(self.row.text("plan_lead"))
        emails = several(self.row.text("plan_lead_email"))
        people = self._each("plan_lead", names, read_person)
        found = [e for e in self._each("plan_lead_email", emails, read_email) if e]
        if people and found and len(people) != len(found):
            self.bad(
                "plan_lead_email",
                f"There are {_count(len(people), 'plan lead')} and {_count(len(found), 'email')}. "
                "Give one email per plan lead, in the same order, or type each as Name <email> "
                "in one cell.",
            )
            return ()
        if not people:
            return tuple(OwnerRef("", email) for email in found)
        if not found:
            return tuple(people)
        return tuple(OwnerRef(p.name, e) for p, e in zip(people, found, strict=True))


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"
