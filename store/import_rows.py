"""Checking every row of a plan file before anything is written.

Each cell becomes a typed value or a Problem naming the row and the column as the file shows
them and saying what to type instead. Nothing here touches the database, so a file with any
problem can be refused whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from store.domain import is_ref, ref_key
from store.import_cells import (
    KpiRef,
    read_date,
    read_evidence,
    read_kpis,
    read_ref,
    read_status_cell,
)
from store.import_colours import WHITE, match
from store.import_themes import ThemeReader, ThemeRef
from store.people import is_email, normalise_email
from store.spreadsheet import CellError, CellValue, Row, Sheet, cell_text, trim_ref

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
_NAMED_EMAIL = re.compile(r"(.*?)\s*<([^<>]*)>")
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
class OwnerRef:
    name: str
    email: str | None


@dataclass(frozen=True)
class PlanRow:
    """One action as the file gives it.

    Only the columns the file has are in `values`; `owner` is None when the file has no owner
    column, and `theme` is None when the file says nothing about the theme.
    """

    row: int
    ref: str
    values: dict[str, str | date | None]
    theme: ThemeRef | None
    owner: OwnerRef | None
    evidence: tuple[str, ...]
    kpis: tuple[KpiRef, ...]


@dataclass
class Checked:
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_rows(
    sheet: Sheet, *, labels: Mapping[str, str], themes: Mapping[str, str], today: date
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
        checker = _RowChecker(sheet, row, result.problems, by_colour=by_colour)
        plan_row = checker.check(labels=labels, themes=reader, today=today, seen=seen)
        if plan_row is not None:
            result.rows.append(plan_row)
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
        self, sheet: Sheet, row: Row, problems: list[Problem], *, by_colour: bool = False
    ) -> None:
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
        owner = self._owner() if "owner" in present or "owner_email" in present else None
        evidence = read_evidence(row.text("evidence"))
        kpis = self._read("kpi", lambda v: read_kpis(cell_text(v))) or ()
        if self.failed:
            return None
        return PlanRow(row.number, ref, values, theme, owner, evidence, kpis)

    def _status(self, value: CellValue, labels: Mapping[str, str]) -> str:
        cell = self.sheet.cell("status", self.row.number) if self.sheet.columns else ""
        fill = self.row.fills.get("status")
        return read_status_cell(value, labels, fill, by_colour=self.by_colour, cell=cell)

    def _read(self, field: str, reader: Callable[[CellValue], T]) -> T | None:
        try:
            return reader(self.row.cells.get(field, ""))
        except CellError as exc:
            self.bad(field, str(exc))
            return None

    def _owner(self) -> OwnerRef:
        name = self.row.text("owner")
        email_cell = self.row.text("owner_email")
        email = None
        named = _NAMED_EMAIL.fullmatch(name)
        if named:  # "Jane Smith <jane.smith@council.gov.uk>"
            name, email = named[1], named[2]
        elif "@" in name and " " not in name:
            name, email = "", name
        if email is not None and not is_email(email):
            self.bad("owner", _bad_email(email))
        if email_cell:
            if not is_email(email_cell):
                self.bad("owner_email", _bad_email(email_cell))
            email = email_cell
        if len(name) > 200:
            self.bad("owner", "The name is longer than 200 characters. Type just the name.")
        return OwnerRef(name, normalise_email(email))  # both blank: the action has no owner


def _bad_email(text: str) -> str:
    return (
        f"'{text}' is not an email address. Type it in full, such as "
        "jane.smith@council.gov.uk, or leave the cell empty."
    )
