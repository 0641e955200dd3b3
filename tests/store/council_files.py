"""Council-shaped plan files for the file-hardening tests, written the way councils keep them.

Westshire keeps its plan as a workbook: a title row, a version line, then a header with its
own column names (Theme Lead, Lead Officer, Lead Officer Email, supporting_officer,
evidence_ref, SRO) and RAG shown only as the status cell's fill colour.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.styles.fills import Fill

TITLE = "Westshire Council – Children's Services Improvement Plan 2026–27"
VERSION = "Version 3, as at 2 November 2026"
HEADER = [
    "Ref",
    "Theme",
    "Theme Lead",
    "Action",
    "Lead Officer",
    "Lead Officer Email",
    "supporting_officer",
    "Due Date",
    "RAG",
    "Progress Update",
    "evidence_ref",
    "SRO",
]
SRO = "Helen Marsh <helen.marsh@westshire.gov.uk>"
# ref, theme, theme lead, action, lead officer, email, supporting, due, RAG fill, note, evidence
ACTIONS: list[list[str]] = [
    ["1.1", "1. Leadership and governance", "Helen Marsh", "Set up the Improvement Board",
     "Helen Marsh", "helen.marsh@westshire.gov.uk", "Democratic Services", "30/11/2026",
     "9BC2E6", "Board met 3 times", "EV-LG-001", SRO],
    ["1.2", "1. Leadership and governance", "", "Monthly performance clinic",
     "Head of Performance", "", "BI team", "31/01/2027", "92D050", "On track", "", ""],
    ["2.1", "2. Front door", "Ravi Desai <ravi.desai@westshire.gov.uk>",
     "Contacts decided within one working day", "Ravi Desai", "ravi.desai@westshire.gov.uk",
     "MASH partners", "31/03/2027", "FFC000", "Police referrals backlog", "EV-FD-004", ""],
    ["2.2", "2. Front door", "", "Thresholds audit", "Principal Social Worker", "",
     "Quality Assurance", "Mar-27", "FF0000", "Auditor not yet appointed", "", ""],
    ["3.1", "3. Practice", "Grace Obi", "Supervision every four weeks",
     "Grace Obi", "grace.obi@westshire.gov.uk", "", "30/06/2027", "D9D9D9", "", "", ""],
]  # fmt: skip
RAG_COLUMN = HEADER.index("RAG")
# What each ref's fill colour means.
STATUSES = {"1.1": "complete", "1.2": "green", "2.1": "amber", "2.2": "red", "3.1": "not_started"}
WORDS = {"9BC2E6": "Complete", "92D050": "Green", "FFC000": "Amber", "FF0000": "Red"}


def rows(*, rag_as_text: bool = False) -> list[list[str]]:
    """The action rows; RAG as words when `rag_as_text`, else blank (the fill says it)."""
    out = []
    for action in ACTIONS:
        row = list(action)
        row[RAG_COLUMN] = WORDS.get(row[RAG_COLUMN], "Not started") if rag_as_text else ""
        out.append(row)
    return out


def workbook(
    path: Path,
    *,
    title: str | None = TITLE,
    actions: Sequence[Sequence[Any]] | None = None,
    fills: Sequence[str | Fill | None] | None = None,
    header: Sequence[str] = HEADER,
) -> Path:
    """The plan as Westshire's workbook: title rows, then the header and the actions.

    By default the status cells are blank and filled in each action's colour; `actions` and
    `fills` (a hex colour or an openpyxl fill per action row) change that.
    """
    actions = rows() if actions is None else actions
    fills = [a[RAG_COLUMN] for a in ACTIONS] if fills is None else fills
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Improvement Plan"
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([VERSION])
        sheet.append([])
    sheet.append(list(header))
    for action, colour in zip(actions, fills, strict=True):
        sheet.append([cell or None for cell in action])
        cell = sheet.cell(row=sheet.max_row, column=RAG_COLUMN + 1)
        if isinstance(colour, Fill):
            cell.fill = colour
        elif colour:
            cell.fill = PatternFill(fill_type="solid", fgColor=colour)
    book.save(path)
    return path


def csv_text(
    header: Sequence[str] = HEADER,
    actions: Sequence[Sequence[str]] | None = None,
    *,
    title: str | None = TITLE,
    delimiter: str = ",",
) -> str:
    """The plan as a CSV saved from Excel: a title row, then the header and the actions."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if title is not None:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows(rag_as_text=True) if actions is None else actions)
    return out.getvalue()


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path
