"""Exporting a plan to CSV or XLSX, in a shape the importer reads back unchanged.

The plan's name is a title row above the header, so importing the file again without --plan
finds its plan. Columns carry the importer's primary header names, refs come in numeric order
(1.10 after 1.9),
dates are ISO and a blank due date is written "Ongoing". Every text cell goes through
store.safe_text: control characters dropped, then anything a spreadsheet would run as a formula
neutralised (a leading ' in CSV, a quote-prefixed string cell in XLSX).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store.domain import Status
from store.errors import UserError
from store.models import Action, Plan
from store.plans import all_plans, plan_by_slug
from store.safe_text import neutralise, set_xlsx_text
from store.spreadsheet import HEADERS

FIELDS = (
    "ref",
    "theme",
    "title",
    "success_measure",
    "owner",
    "owner_email",
    "supporting",
    "source",
    "start",
    "due",
    "status",
    "note",
    "evidence",
    "kpi",
)
COLUMNS = (*(HEADERS[f][0] for f in FIELDS), "Last updated")
FORMATS = (".csv", ".xlsx")
ONGOING = "Ongoing"

# Conventional RAG fills; blue for complete (BRAG), grey for not started.
FILLS = {
    Status.RED: "FF7C80",
    Status.AMBER: "FFC000",
    Status.GREEN: "92D050",
    Status.COMPLETE: "9BC2E6",
    Status.NOT_STARTED: "D9D9D9",
}
WIDTHS = {"Ref": 8, "Due Date": 12, "Start date": 12, "RAG Status": 14, "Last updated": 13}
MAX_WIDTH = 60

Cell = str | date | None


@dataclass(frozen=True)
class ExportRow:
    status: Status
    cells: list[Cell]  # under COLUMNS


class ExportFailed(UserError):
    pass


def plan_to_export(session: Session, slug: str | None) -> Plan:
    """The plan named by `slug`, or the only plan; otherwise say which slugs to choose from."""
    if slug:
        found = plan_by_slug(session, slug)
        if found is None:
            raise ExportFailed(f"There is no plan '{slug}'. {_choices(session)}")
        return found
    plans = all_plans(session)
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise ExportFailed("There are no plans yet. Import one first.")
    raise ExportFailed(f"There are {len(plans)} plans. {_choices(session)}")


def _choices(session: Session) -> str:
    slugs = [p.slug for p in all_plans(session)]
    return f"Choose one of: {', '.join(slugs)}." if slugs else "There are no plans yet."


def export_plan(session: Session, plan: Plan, path: Path) -> int:
    """Write the plan's actions to `path` (.csv or .xlsx); returns how many were written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFailed(
            f"I can write .csv and .xlsx files, not '{path.suffix or path.name}'. "
            "Name the file plan.xlsx or plan.csv."
        )
    rows = plan_rows(session, plan)
    if suffix == ".csv":
        _write_csv(path, plan.name, rows)
    else:
        _write_xlsx(path, plan.name, rows)
    return len(rows)


def plan_rows(session: Session, plan: Plan) -> list[ExportRow]:
    """One row per action, in ref order (1.10 after 1.9)."""
    actions = session.scalars(
        select(Action)
        .where(Action.plan_id == plan.id)
        .options(
            selectinload(Action.owner),
            selectinload(Action.theme),
            selectinload(Action.evidence),
            selectinload(Action.kpis),
        )
        .order_by(Action.ref_key)
    ).all()
    zone = ZoneInfo(plan.timezone)
    return [_row(action, plan, zone) for action in actions]


def _row(action: Action, plan: Plan, zone: ZoneInfo) -> ExportRow:
    theme = action.theme
    owner = action.owner
    cells: list[Cell] = [
        action.ref,
        (f"{theme.number}. {theme.name}" if theme.name else theme.number) if theme else None,
        action.title,
        action.success_measure,
        owner.name if owner else None,
        owner.email if owner else None,
        action.supporting,
        action.source,
        action.start_date,
        action.due_date or ONGOING,
        # "complete, awaiting sign-off" is not "complete"; import reads the word before the comma.
        plan.label(action.status) + (", awaiting sign-off" if action.signoff_pending else ""),
        action.latest_note,
        "\n".join(e.text for e in action.evidence) or None,
        ", ".join(k.code for k in sorted(action.kpis, key=lambda k: k.code)) or None,
        action.updated_at.astimezone(zone).date(),
    ]
    return ExportRow(action.state, cells)


def csv_cell(value: Cell) -> str:
    """A cell as CSV text: ISO dates, and a ' before anything a spreadsheet would calculate."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def _write_csv(path: Path, title: str, rows: Sequence[ExportRow]) -> None:
    # utf-8-sig: Excel opens a CSV as UTF-8 only when it starts with a BOM.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(title)])
        writer.writerow(COLUMNS)
        writer.writerows([csv_cell(v) for v in row.cells] for row in rows)


def _write_xlsx(path: Path, title: str, rows: Sequence[ExportRow]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    set_xlsx_text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    status_column = COLUMNS.index(HEADERS["status"][0]) + 1
    for row_number, row in enumerate(rows, 3):
        for column, value in enumerate(row.cells, 1):
            _set(sheet.cell(row=row_number, column=column), value)
        sheet.cell(row=row_number, column=status_column).fill = PatternFill(
            fill_type="solid", fgColor=FILLS[row.status]
        )
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{len(rows) + 2}"
    for index, header in enumerate(COLUMNS, 1):
        width = _width(header, [row.cells[index - 1] for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = width
    book.save(path)


def _set(cell: Any, value: Cell) -> None:
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    set_xlsx_text(cell, value)


def _width(header: str, values: Sequence[Cell]) -> int:
    if header in WIDTHS:
        return WIDTHS[header]
    lines = [line for v in values if isinstance(v, str) for line in v.splitlines()]
    return min(max([len(header), *map(len, lines)]) + 2, MAX_WIDTH)
