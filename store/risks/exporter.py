"""The risk register to CSV or XLSX, in the shape `risk import` reads back unchanged.

Ratings are written as the plan writes them (4x3 or B2), with likelihood, impact and score
beside them; the band fills the Risk Rating cell in XLSX. Text goes through store.safe_text
as plan exports do, so nothing in a risk can run as a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from store.exporter import FORMATS, ExportFailed, csv_cell
from store.models import Plan, Risk
from store.risks import all_risks
from store.risks.matrix import Rating, RiskRules
from store.risks.reviews import every_text
from store.safe_text import neutralise, set_xlsx_text

COLUMNS = (
    "Ref", "Risk", "Risk Description", "Cause", "Consequence", "Controls", "Likelihood",
    "Impact", "Score", "Risk Rating", "Band", "Inherent Rating", "Target Rating", "Mitigation",
    "Risk Owner", "Risk Owner Email", "Review Date", "Review Frequency", "Status",
    "Latest Update",
)  # fmt: skip
BAND_FILLS = {"red": "FF7C80", "amber": "FFC000", "green": "92D050"}
Cell = str | int | None


def export_risks(session: Session, plan: Plan, path: Path) -> int:
    """Write the plan's risks to `path` (.csv or .xlsx); returns how many were written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFailed(
            f"I can write .csv and .xlsx files, not '{path.suffix or path.name}'. "
            "Name the file risks.xlsx or risks.csv."
        )
    rules = RiskRules.for_plan(plan.settings)
    rows = [(_band(rules, r), _cells(rules, r)) for r in all_risks(session, plan.id)]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([neutralise(f"{plan.name}: risk register")])
            writer.writerow(COLUMNS)
            writer.writerows([csv_cell(c) if not isinstance(c, int) else c for c in cells]
                             for _band_name, cells in rows)  # fmt: skip
    else:
        _xlsx(path, f"{plan.name}: risk register", rows)
    return len(rows)


def _band(rules: RiskRules, risk: Risk) -> str | None:
    rating = Rating.from_key(risk.current)
    return rules.band(rating) if rating and rules.matrix.fits(rating) else None


def _cells(rules: RiskRules, risk: Risk) -> list[Cell]:
    matrix = rules.matrix
    rating = Rating.from_key(risk.current)
    fits = rating is not None and matrix.fits(rating)
    owner = risk.owner
    return [
        risk.code,
        risk.title,
        risk.description,
        risk.cause,
        risk.consequence,
        risk.controls,
        matrix.likelihood.name(rating.likelihood) if rating and fits else None,
        matrix.impact.name(rating.impact) if rating and fits else None,
        rating.score if rating else None,
        matrix.name(rating) if rating and fits else None,
        _band(rules, risk),
        rules.name(risk.inherent, "") or None,
        rules.name(risk.target, "") or None,
        ", ".join(a.ref for a in risk.actions) or None,
        owner.name if owner else None,
        owner.email if owner else None,
        risk.review_date.isoformat() if risk.review_date else None,
        every_text(risk.review_every),
        risk.status,
        risk.latest_note,
    ]


def _xlsx(path: Path, title: str, rows: list[tuple[str | None, list[Cell]]]) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = "Risks"
    set_xlsx_text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    rating_column = COLUMNS.index("Risk Rating") + 1
    for number, (band, cells) in enumerate(rows, 3):
        for column, value in enumerate(cells, 1):
            target = sheet.cell(row=number, column=column)
            target.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, int):
                target.value = value
            else:
                set_xlsx_text(target, value)
        if band:
            fill = BAND_FILLS[band]
            sheet.cell(row=number, column=rating_column).fill = PatternFill(
                fill_type="solid", fgColor=fill
            )
    sheet.freeze_panes = "A3"
    for index, header in enumerate(COLUMNS, 1):
        longest = max([len(header)] + [len(str(r[1][index - 1] or "")) for r in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 50)
    book.save(path)
