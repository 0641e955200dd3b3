"""Helpers for the import and export tests: the fixture files, an XLSX twin, a plan snapshot."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy.orm import Session

from store.plans import plan_by_slug

FIXTURES = Path(__file__).parent.parent / "fixtures"
COUNCIL_CSV = FIXTURES / "council_plan.csv"
BROKEN_CSV = FIXTURES / "broken_plan.csv"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _real_date(text: str) -> date | None:
    for form in ("%d/%m/%Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    return None


def council_xlsx(path: Path) -> Path:
    """The council CSV as a workbook: a cover sheet first, title rows above the header, real
    date cells and numeric refs.

    Refs that Excel would keep as numbers are numbers; 1.10 is a number shown as 0.00, the way
    a council keeps 1.10 from turning into 1.1.
    """
    rows = read_csv(COUNCIL_CSV)
    header = rows[0]
    date_columns = {header.index("Start"), header.index("Timescale")}
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Anytown Council"])
    cover.append(["RAG key", "Red: more than a month behind"])
    sheet = book.create_sheet("Action plan")
    sheet.append(["Anytown Council: Children's Services Improvement Plan"])
    sheet.append(["Version 9, as at 12 January 2026"])
    sheet.append([])
    sheet.append(header)
    for row in rows[1:]:
        cells: list[Any] = list(row)
        for i in date_columns:
            cells[i] = _real_date(row[i]) or row[i]
        ref = row[0]
        cells[0] = float(ref) if ref in ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2") else ref
        sheet.append(cells)
        if ref == "1.10":
            cell = sheet.cell(row=sheet.max_row, column=1)
            cell.value = 1.1
            cell.number_format = "0.00"
    book.save(path)
    return path


def snapshot(s: Session, slug: str) -> dict[str, tuple[object, ...]]:
    """Every action of the plan as comparable values, keyed by ref."""
    plan = plan_by_slug(s, slug)
    assert plan is not None
    return {
        a.ref: (
            a.title,
            (a.theme.number, a.theme.name) if a.theme else None,
            (a.owner.name, a.owner.email) if a.owner else None,
            a.success_measure,
            a.supporting,
            a.source,
            a.start_date,
            a.due_date,
            a.status,
            a.latest_note,
            tuple(e.text for e in a.evidence),
            tuple(sorted(k.code for k in a.kpis)),
        )
        for a in plan.actions
    }
