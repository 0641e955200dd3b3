"""The risk section and findings coverage as workbook sheets: the heat map as a grid of cells
filled in their band's colour, then one sheet per list. Text goes through store.safe_text,
as in every workbook the bot writes."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from store.reports.coverage import Coverage
from store.reports.risk_views import RiskSection
from store.safe_text import clean_text, set_xlsx_text

BAND_FILLS = {"red": "FF7C80", "amber": "FFC000", "green": "92D050"}
STATUS_FILLS = {**BAND_FILLS, "complete": "9BC2E6", "not_started": "D9D9D9"}
EDGE = Side(style="thin", color="808080")
Cell = str | int | None


def risk_sheets(book: Workbook, section: RiskSection | None) -> None:
    if section is None:
        sheet = book.create_sheet("Risks")
        _put(sheet, ["This plan keeps no risk register yet."])
        return
    _heat_sheet(book, section)
    _table(
        book, "Risk register",
        ["Ref", "Risk", "Owner", "Rating", "Target", "Since last board", "Next review",
         "Days overdue", "Status", "Mitigating actions", "Latest note"],
        [[i.code, i.title, i.owner, i.rating, i.target, i.direction or "", i.review,
          i.review_overdue_days or None, i.status, ", ".join(i.actions), i.note]
         for i in section.register],
        fills=[(4, BAND_FILLS.get(i.band)) for i in section.register],
    )  # fmt: skip
    _table(
        book, "Risks moved",
        ["Ref", "Risk", "From", "To", "Direction", "Moved on", "Reason"],
        [[m.code, m.title, m.old, m.new, m.direction, m.moved_on, m.reason]
         for m in section.moved],
        fills=[(4, BAND_FILLS.get(m.new_band)) for m in section.moved],
    )  # fmt: skip
    _table(
        book, "Risk reviews overdue",
        ["Ref", "Risk", "Owner", "Rating", "Review was due", "Days overdue"],
        [[i.code, i.title, i.owner, i.rating, i.review, i.review_overdue_days]
         for i in section.overdue_reviews],
        fills=[(4, BAND_FILLS.get(i.band)) for i in section.overdue_reviews],
    )  # fmt: skip
    _table(
        book, "Mitigating actions",
        ["Ref", "Action", "Owner", "RAG", "Due", "Days overdue", "Risks"],
        [[m.ref, m.title, m.owner, m.status_label, m.due, m.overdue_days or None,
          ", ".join(m.risks)] for m in section.mitigation],
        fills=[(4, STATUS_FILLS.get(m.status)) for m in section.mitigation],
    )  # fmt: skip


def _heat_sheet(book: Workbook, section: RiskSection) -> None:
    heat = section.heat
    sheet = book.create_sheet("Risk heat map")
    _put(sheet, [f"Risk heat map: {heat.matrix}; bands {heat.bands}"])
    sheet.cell(1, 1).font = Font(bold=True, size=12)
    _put(sheet, ["Likelihood down, impact across; each cell is the risks at that rating."])
    for row in heat.rows:
        _put(sheet, [f"{row.name} {row.word}", *(", ".join(c.codes) for c in row.cells)])
        number = sheet.max_row
        sheet.row_dimensions[number].height = 36
        for index, cell in enumerate(row.cells, 2):
            target = sheet.cell(number, index)
            target.fill = PatternFill("solid", start_color=BAND_FILLS[cell.band])
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            target.border = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)
            if cell.codes:
                target.font = Font(bold=True)
    _put(sheet, ["Impact", *(f"{name} {word}" for name, word in heat.impacts)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    if heat.unrated:
        _put(sheet, [f"Not on the map (no rating on this matrix): {', '.join(heat.unrated)}"])
    sheet.column_dimensions["A"].width = 22
    for index in range(2, len(heat.impacts) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 16


def coverage_sheet(book: Workbook, coverage: Coverage | None) -> None:
    if coverage is None:
        return
    labels = [s.label for s in coverage.statuses]
    _table(
        book, "Findings coverage",
        ["Code", "Finding", "Source", *labels, "Actions", "Attention"],
        [[line.code, line.text, line.source, *(line.counts.get(s.value) for s in coverage.statuses),
          ", ".join(a.ref for a in line.actions), line.flag_text]
         for line in coverage.lines],
        fills=[(len(labels) + 5, BAND_FILLS["red"] if line.flag else None)
               for line in coverage.lines],
    )  # fmt: skip


def _table(
    book: Workbook,
    title: str,
    head: list[str],
    rows: Sequence[Sequence[Cell]],
    *,
    fills: Sequence[tuple[int, str | None]] = (),
) -> None:
    sheet = book.create_sheet(title[:31])
    _put(sheet, head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, 2):
        _put(sheet, list(row))
        if number - 2 < len(fills):
            column, fill = fills[number - 2]
            if fill:
                sheet.cell(number, column).fill = PatternFill("solid", start_color=fill)
    if not rows:
        _put(sheet, ["None."])
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        longest = max((len(str(c.value or "")) for c in column), default=8)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = min(longest + 2, 60)
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _put(sheet: Worksheet, values: Sequence[Cell]) -> None:
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    for value, cell in zip(values, sheet[sheet.max_row], strict=False):
        if isinstance(value, str):
            set_xlsx_text(cell, value)
