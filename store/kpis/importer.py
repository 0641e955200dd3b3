"""Defining a plan's KPIs from a CSV or XLSX file (or one `kpi add`), all or nothing.

Plan import only brings KPI codes (and names) from the actions' "Linked KPI" column; this is
how a plan lead gives them units, polarity, baseline, target, tolerance, frequency, owner and
linked actions. Every row is checked before anything is written; a file with any problem is
refused with each problem named by row and column. KPIs are matched by code: new codes are
added, and the columns the file has overwrite those fields (a blank Tolerance means the plan's
tolerance). Readings are never touched. Each added or changed KPI gets an Update row saying
what changed, and each new link to an action is kept in that action's history.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store import history
from store.actions import all_actions
from store.domain import Role, Via
from store.errors import UserError
from store.imports.rows import Problem
from store.kpis import DEFAULT_TOLERANCE
from store.kpis import cells as kpi_cells
from store.models import Kpi, Person, Plan, Update
from store.people import by_email
from store.plans import grant
from store.roster import members_by_email
from store.spreadsheet import CellError, CellValue, Row, Schema, Sheet, SheetError, read_sheet

KPI_SCHEMA = Schema(
    headers={
        "code": ("Code", "KPI code", "KPI", "KPI ref", "Indicator code", "Measure code"),
        "name": ("Name", "KPI name", "Indicator", "Measure", "Description"),
        "unit": ("Unit", "Units"),
        "polarity": ("Polarity", "Good is", "Better is", "Direction", "Good performance is"),
        "baseline": ("Baseline",),
        "target": ("Target",),
        "tolerance": ("Tolerance", "Tolerance %"),
        "frequency": ("Frequency", "Collection frequency", "Reporting frequency", "Reported"),
        "owner": ("Owner Email", "Owner", "Lead Officer Email", "Email"),
        "actions": ("Actions", "Linked actions", "Action refs", "Linked action"),
    },
    required=("code", "name"),
    missing={
        "code": "There is no 'Code' column. Name the column that holds each KPI's code 'Code'.",
        "name": "There is no 'Name' column. Name the column that says what each KPI is 'Name'.",
    },
    example="Code, Name, Unit, Polarity, Baseline, Target and Tolerance above the KPIs",
)
# field -> reader, for the columns that are plain values of the Kpi.
_READERS: dict[str, Callable[[CellValue], Any]] = {
    "unit": kpi_cells.read_unit,
    "polarity": kpi_cells.read_polarity,
    "baseline": kpi_cells.read_number,
    "target": kpi_cells.read_number,
    "tolerance": kpi_cells.read_tolerance,
    "frequency": kpi_cells.read_frequency,
}
T = TypeVar("T")


class KpiImportRejected(UserError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The KPIs were not saved: {count}. Nothing was changed.")
        self.problems = list(problems)
        self.details = tuple(map(str, self.problems))


@dataclass(frozen=True)
class KpiRow:
    row: int
    code: str
    values: dict[str, Any]  # Kpi attribute -> value, for the columns present
    owner: str | None  # email; None with no owner (or no owner column: see has_owner)
    has_owner: bool
    actions: tuple[str, ...]


@dataclass
class KpiImportResult:
    plan_slug: str
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # code -> "target: 90 -> 95"
    unchanged: int = 0
    linked: list[str] = field(default_factory=list)  # "K1 -> 2.1"


def import_kpis(session: Session, plan: Plan, path: Path, *, at: datetime) -> KpiImportResult:
    """Define the KPIs in `path`; raises KpiImportRejected, having written nothing, on any
    problem. The caller owns the transaction."""
    try:
        sheet = read_sheet(path, KPI_SCHEMA)
    except SheetError as exc:
        raise KpiImportRejected([Problem(exc.row, None, exc.message)]) from None
    return define_kpis(session, plan, sheet, at=at)


def define_kpis(session: Session, plan: Plan, sheet: Sheet, *, at: datetime) -> KpiImportResult:
    """Check every row of `sheet` against the plan, then write them all (or raise)."""
    existing = {
        k.code.upper(): k
        for k in session.scalars(
            select(Kpi).where(Kpi.plan_id == plan.id).options(selectinload(Kpi.actions))
        )
    }
    units = {code: kpi.unit for code, kpi in existing.items()}
    rows = check_kpi_rows(sheet, [a.ref for a in all_actions(session, plan.id)], units)
    _check_owners(session, plan, sheet, rows)
    result = KpiImportResult(plan.slug)
    actions = {a.ref: a for a in all_actions(session, plan.id)}
    for row in rows:
        kpi = existing.get(row.code)
        changes = _apply(session, plan, kpi, row, at=at)
        if kpi is None:
            result.added.append(row.code)
        elif changes:
            result.updated[row.code] = changes
        else:
            result.unchanged += 1
        kpi = (
            kpi
            or session.scalars(
                select(Kpi).where(Kpi.plan_id == plan.id, Kpi.code == row.code)
            ).one()
        )
        for ref in row.actions:
            if history.link_kpi(session, actions[ref], kpi, at=at, via=Via.IMPORT, by=None):
                result.linked.append(f"{row.code} -> {ref}")
    return result


def check_kpi_rows(sheet: Sheet, refs: Sequence[str], known: Mapping[str, str]) -> list[KpiRow]:
    """Every KPI in the sheet; raises KpiImportRejected listing every problem. `known` maps the
    plan's KPI codes to their units."""
    problems: list[Problem] = []
    rows: list[KpiRow] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        if not row.filled:
            continue
        checked = _check(sheet, row, refs, known, seen, problems)
        if checked is not None:
            rows.append(checked)
    if not rows and not problems:
        message = "There are no KPIs below the header row. Add rows with a Code and a Name."
        problems.append(Problem(sheet.header_row, None, message))
    if problems:
        raise KpiImportRejected(problems)
    return rows


def _check(
    sheet: Sheet,
    row: Row,
    refs: Sequence[str],
    known: Mapping[str, str],
    seen: dict[str, int],
    problems: list[Problem],
) -> KpiRow | None:
    before = len(problems)

    def read(name: str, reader: Callable[[CellValue], T]) -> T | None:
        try:
            return reader(row.cells.get(name, ""))
        except CellError as exc:
            problems.append(Problem(row.number or None, sheet.headers.get(name), str(exc)))
            return None

    code = read("code", kpi_cells.read_code) or ""
    column = sheet.headers.get("code")
    if code and code in seen:
        message = f"KPI {code} is also on row {seen[code]}. Give each KPI its own code."
        problems.append(Problem(row.number or None, column, message))
    elif code:
        seen[code] = row.number
    values: dict[str, Any] = {}
    name = row.text("name").strip()
    if name:
        values["name"] = name[:300]
    elif code and code not in known:
        message = f"KPI {code} has no name. Type what it measures."
        problems.append(Problem(row.number or None, sheet.headers.get("name"), message))
    for attribute, reader in _READERS.items():
        if attribute in sheet.headers:
            values[attribute] = read(attribute, reader)
    # A % KPI's baseline and target are 0 to 100, whatever the cell says (150% is a typo).
    unit = values.get("unit") if "unit" in sheet.headers else known.get(code, "")
    unit = unit if isinstance(unit, str) else ""
    for attribute in ("baseline", "target"):
        number = values.get(attribute)
        if number is not None:
            read(attribute, partial(kpi_cells.check_percentage, number, unit=unit))
    if "tolerance" in values and values["tolerance"] is None:
        values["tolerance"] = DEFAULT_TOLERANCE  # blank: the plan's tolerance applies
    owner = read("owner", kpi_cells.read_owner)
    linked = read("actions", lambda v: kpi_cells.read_actions(v, refs)) or ()
    if len(problems) > before:
        return None
    return KpiRow(row.number, code, values, owner, "owner" in sheet.headers, linked)


def _check_owners(session: Session, plan: Plan, sheet: Sheet, rows: Sequence[KpiRow]) -> None:
    """A KPI's owner must already be in the plan: naming them here never adds them."""
    known = members_by_email(session, plan, [r.owner for r in rows if r.owner])
    problems = [
        Problem(
            row.row or None,
            sheet.headers.get("owner"),
            f"{row.owner} is not in the plan: add them with "
            f'improvebot plan people add {row.owner} --name "Name"',
        )
        for row in rows
        if row.owner and row.owner not in known
    ]
    if problems:
        raise KpiImportRejected(problems)


def _apply(
    session: Session, plan: Plan, kpi: Kpi | None, row: KpiRow, *, at: datetime
) -> list[str]:
    values = dict(row.values)
    if row.has_owner:
        person = None
        if row.owner:
            person = by_email(session, row.owner)  # in the plan: see _check_owners
            if person is not None:
                grant(session, plan, person, Role.OWNER)  # a viewer now records readings
        values["owner_id"] = person.id if person else None
    show = _shower(session)
    if kpi is None:
        kpi = Kpi(plan_id=plan.id, code=row.code, created_at=at, **values)
        session.add(kpi)
        session.flush()
        added = [f"{_label(name)} {show(name, value)}" for name, value in values.items()]
        _note(session, plan, kpi, at, f"{kpi.code} defined: {'; '.join(added)}")
        return added
    changes = [
        f"{_label(name)}: {show(name, getattr(kpi, name))} -> {show(name, value)}"
        for name, value in values.items()
        if getattr(kpi, name) != value
    ]
    for name, value in values.items():
        setattr(kpi, name, value)
    if changes:
        _note(session, plan, kpi, at, f"{kpi.code} changed: {'; '.join(changes)}")
    return changes


def _note(session: Session, plan: Plan, kpi: Kpi, at: datetime, text: str) -> None:
    """KPI definitions are history too: what changed, and when."""
    session.add(Update(plan_id=plan.id, kpi_id=kpi.id, at=at, via=Via.IMPORT, note=text[:4000]))


def _label(name: str) -> str:
    return name.removesuffix("_id")


def _shower(session: Session) -> Callable[[str, object], str]:
    """How a field's value reads in the history and the summary: people by email."""

    def show(name: str, value: object) -> str:
        if value is None or value == "":
            return "(blank)"
        if name == "owner_id":
            person = session.get(Person, value)
            return (person.email or person.display) if person else str(value)
        if name == "tolerance" and isinstance(value, float):
            return f"{value:.0%}"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    return show


def one_row_sheet(values: Mapping[str, str | None], labels: Mapping[str, str]) -> Sheet:
    """The options of `kpi add` as a sheet of one row, so they are checked like a file;
    problems name the option (`labels` maps field -> option) instead of a column."""
    given = {name: value for name, value in values.items() if value is not None}
    # Code and name always have a label, so "has no name" can say which option to give.
    headers = {name: labels[name] for name in ("code", "name", *given) if name in labels}
    row = Row(0, dict(given), tuple(v for v in given.values() if v))
    return Sheet("command line", "options", 0, headers, (), (row,))
