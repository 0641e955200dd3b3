"""Reports as XLSX workbooks: one sheet per section, RAG cells filled in their colour, the
risk heat map as coloured cells (bot.reports.xlsx_risks), and the trend as a native Excel
stacked bar chart.

Every cell is written as a value, never a formula: text goes through store.safe_text, as in
plan exports (control characters dropped, formula-like text quote-prefixed). Evidence cells
link to the first http(s) address among their items (a cell holds one hyperlink); every item
is listed in the cell, one a line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.reports.xlsx_risks import coverage_sheet, risk_sheets
from store.kpis.status import KpiLine
from store.reports.views import (
    BoardPack,
    RagCounts,
    ScrutinyReport,
    StatusLabel,
    ThemeSummary,
)
from store.safe_text import clean_text, set_xlsx_text
from templates import links

FILLS = {
    "red": "FF7C80",
    "amber": "FFC000",
    "green": "92D050",
    "complete": "9BC2E6",
    "not_started": "D9D9D9",
}
CHART_COLOURS = {
    "red": "C0392B",
    "amber": "E67E22",
    "green": "27AE60",
    "complete": "2E75B6",
    "not_started": "A6ACAF",
}
MAX_WIDTH = 60


@dataclass(frozen=True)
class Linked:
    """A cell's text, and the address it links to (None: plain text)."""

    text: str
    url: str | None


Cell = str | int | Linked | None


def evidence_cell(items: Sequence[str]) -> Linked:
    return Linked("\n".join(items), links.first_url(list(items)))


def board_xlsx(pack: BoardPack) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook always has a sheet
    summary.title = "Plan on a page"
    _rows(summary, [[pack.plan_name], [pack.title], [f"Position as at {pack.as_at}"]])
    _rows(summary, [[pack.compared], []])
    _theme_table(summary, pack.statuses, pack.themes, pack.overall, pack.overall_direction)
    labels = [s.label for s in pack.statuses]
    exceptions = [
        [t.number, a.ref, a.title, a.owner, a.status_label, a.due, a.overdue_days, a.note]
        for t in pack.exceptions
        for a in t.red_amber
    ]
    _sheet(
        book,
        "Red and amber",
        ["Theme", "Ref", "Action", "Owner", "RAG", "Due", "Days overdue", "Note"],
        exceptions,
        rag_column=5,
        statuses=[a.status for t in pack.exceptions for a in t.red_amber],
    )
    # Red and amber actions that are overdue say so on their own sheet, not again here.
    overdue = [
        [t.number, a.ref, a.title, a.owner, a.status_label, a.due, a.overdue_days]
        for t in pack.exceptions
        for a in t.overdue
    ]
    _sheet(
        book, "Overdue", ["Theme", "Ref", "Action", "Owner", "RAG", "Due", "Days overdue"], overdue
    )
    moved = [
        [m.theme, m.ref, m.title, m.old_due, m.new_due, m.moved_on, m.reason]
        for t in pack.exceptions
        for m in t.moved
    ]
    _sheet(
        book, "Moved dates", ["Theme", "Ref", "Action", "From", "To", "Moved on", "Reason"], moved
    )
    completed: list[list[Cell]] = [
        [
            c.theme,
            c.ref,
            c.title,
            c.owner,
            c.completed_on,
            c.status_label,
            evidence_cell(c.evidence),
        ]
        for c in pack.completed
    ]
    _sheet(
        book,
        "Completed",
        ["Theme", "Ref", "Action", "Owner", "Completed", "Status", "Evidence"],
        completed,
    )
    focus: list[list[Cell]] = [
        [
            f.number,
            a.ref,
            a.title,
            a.owner,
            a.status_label,
            a.due,
            a.note,
            evidence_cell(a.evidence),
        ]
        for f in pack.focus
        for a in f.actions
    ]
    _sheet(
        book,
        "Themes in focus",
        ["Theme", "Ref", "Action", "Owner", "RAG", "Due", "Latest note", "Evidence"],
        focus,
        rag_column=5,
        statuses=[a.status for f in pack.focus for a in f.actions],
    )
    _kpi_sheet(book, pack.kpis)
    risk_sheets(book, pack.risks)
    coverage_sheet(book, pack.coverage)
    trend = book.create_sheet("Trend")
    trend.append(["As at", *labels, "Total"])
    for point in pack.trend:
        trend.append([f"{point.label} {point.day}", *_counts(pack.statuses, point.counts)])
    _chart(trend, pack.statuses, len(pack.trend))
    return _save(book)


def scrutiny_xlsx(report: ScrutinyReport) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook always has a sheet
    summary.title = "Summary"
    _rows(summary, [[report.plan_name], [report.title], [f"Period: {report.period}"], []])
    _theme_table(summary, report.statuses, report.themes, report.overall, report.overall_direction)
    for group in report.groups:
        rows = [
            [
                i.kind,
                i.ref,
                i.title,
                i.theme,
                i.owner,
                i.status_label,
                "; ".join(i.reasons),
                i.detail,
            ]
            for i in group.items
        ]
        _sheet(
            book,
            group.title,
            ["Kind", "Ref", "Title", "Theme", "Owner", "RAG", "Why", "Detail"],
            rows,
            rag_column=6,
            statuses=[i.status for i in group.items],
        )
    _kpi_sheet(book, report.kpis)
    risk_sheets(book, report.risks)
    return _save(book)


def _theme_table(
    sheet: Worksheet,
    statuses: Sequence[StatusLabel],
    themes: Sequence[ThemeSummary],
    overall: RagCounts,
    direction: str | None,
) -> None:
    head = ["Theme", "Theme lead", *(s.label for s in statuses), "Total", "Previous total"]
    sheet.append([*head, "Direction"])
    _bold(sheet, sheet.max_row)
    for t in themes:
        name = f"{t.number}. {t.name}" if t.number else t.name
        before = t.before.total if t.before else None
        _append(sheet, [name, t.lead, *_counts(statuses, t.now), before, t.direction or ""])
    sheet.append(["All themes", None, *_counts(statuses, overall), None, direction or ""])
    _bold(sheet, sheet.max_row)
    _widths(sheet)


def _counts(statuses: Sequence[StatusLabel], counts: RagCounts) -> list[Cell]:
    return [*(counts.get(s.value) for s in statuses), counts.total]


def _kpi_sheet(book: Workbook, kpis: Sequence[KpiLine]) -> None:
    rows: list[list[Cell]] = [
        [
            k.code,
            k.name,
            k.owner,
            k.latest,
            k.period,
            k.target,
            k.baseline,
            k.rag or "",
            k.direction or "",
            k.note,
        ]
        for k in kpis
    ]
    _sheet(
        book,
        "KPIs",
        [
            "Code",
            "KPI",
            "Owner",
            "Latest",
            "Period",
            "Target",
            "Baseline",
            "RAG",
            "Direction",
            "Note",
        ],
        rows,
        rag_column=8,
        statuses=[r[7] for r in rows],
    )


def _sheet(
    book: Workbook,
    title: str,
    head: list[str],
    rows: Sequence[Sequence[Cell]],
    *,
    rag_column: int | None = None,
    statuses: Sequence[Cell] = (),
) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    sheet.append(head)
    _bold(sheet, 1)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, 2):
        _append(sheet, list(row))
        if rag_column is not None and number - 2 < len(statuses):
            fill = FILLS.get(str(statuses[number - 2]))
            if fill:
                cell = sheet.cell(number, rag_column)
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    if not rows:
        sheet.append(["None."])
    _widths(sheet)
    return sheet


def _chart(sheet: Worksheet, statuses: Sequence[StatusLabel], points: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "RAG counts at each board"
    chart.y_axis.title = "Actions"
    data = Reference(sheet, min_col=2, max_col=1 + len(statuses), min_row=1, max_row=1 + points)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=1 + points))
    for series, status in zip(chart.series, statuses, strict=True):
        series.graphicalProperties.solidFill = CHART_COLOURS[status.value]
    chart.width, chart.height = 22, 11
    sheet.add_chart(chart, f"A{points + 4}")


def _append(sheet: Worksheet, row: Sequence[Cell]) -> None:
    values = [v.text if isinstance(v, Linked) else v for v in row]
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    for text, cell in zip(values, sheet[sheet.max_row], strict=False):
        if isinstance(text, str):
            set_xlsx_text(cell, text)
    for item, cell in zip(row, sheet[sheet.max_row], strict=False):
        if isinstance(item, Linked) and item.url:
            cell.hyperlink = item.url
            cell.style = "Hyperlink"


def _rows(sheet: Worksheet, rows: list[list[Cell]]) -> None:
    for row in rows:
        _append(sheet, row)
    sheet.cell(1, 1).font = Font(bold=True, size=14)


def _bold(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _widths(sheet: Worksheet) -> None:
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        longest = max((len(str(c.value or "")) for c in column), default=8)
        letter = get_column_letter(column[0].column)
        sheet.column_dimensions[letter].width = min(max(longest + 2, 8), MAX_WIDTH)
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
