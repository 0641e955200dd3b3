"""Reading a plan spreadsheet (CSV or XLSX) into rows keyed by field.

Councils name their columns differently ("Ref No.", "Lead Officer", "Timescale", "RAG Status"),
put title rows above the header and save CSVs from old Excel in cp1252, so this module finds the
header row, maps each column to a field through synonyms and hands back plain values: text, or a
date for real Excel date cells. Checking what the values mean is the importer's job.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from store.safe_text import clean_text, unneutralise

# field -> the headers that mean it. The first is the primary name, which exports write.
HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "Ref No.", "No.", "Reference", "Action No", "Action Ref"),
    "theme": ("Theme", "Priority", "Workstream", "Ambition"),
    "title": ("Action", "Actions", "Action description"),
    "success_measure": (
        "Success measure",
        "What success looks like",
        "Success criteria",
        "Outcome",
    ),
    "owner": (
        "Lead Officer",
        "Owner",
        "Responsible",
        "Lead",
        "Action owner",
        "Responsible officer",
    ),
    "owner_email": ("Owner Email", "Lead Officer Email", "Email"),
    "supporting": ("Supporting officers", "Resources", "Partners"),
    "source": ("Source", "Ofsted recommendation", "Recommendation"),
    "start": ("Start date", "Start"),
    "due": ("Due Date", "Timescale", "By when", "Deadline", "Target date"),
    "status": ("RAG Status", "RAG", "Status", "BRAG"),
    "note": ("Progress Update", "Progress", "Latest update", "Update"),
    "evidence": ("Evidence", "Monitoring and evaluation"),
    "kpi": ("KPI", "Linked KPI", "KPIs"),
}
REQUIRED = ("ref", "title")
HEADER_SEARCH_ROWS = 15

# A cell is text, or a date when the spreadsheet held a real date. Blank cells are "".
CellValue = str | date


def normalise_header(text: str) -> str:
    """'Ref No.' -> 'refno': case, spaces and punctuation do not distinguish headers.

    '&' reads as 'and', so 'Monitoring & Evaluation' is 'Monitoring and evaluation'.
    """
    return re.sub(r"[\W_]+", "", text.lower().replace("&", "and"))


@dataclass(frozen=True)
class Schema:
    """What a kind of file holds: its fields' header synonyms and the fields it must have.

    `missing` says, per required field, what to do when the file lacks its column;
    `example` names typical headers for the message when no header row is found.
    """

    headers: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    missing: dict[str, str]
    example: str

    def field_for(self, header: str) -> str | None:
        return self.by_header.get(normalise_header(header))

    @cached_property
    def by_header(self) -> dict[str, str]:
        """Normalised header -> field."""
        return {normalise_header(h): field for field, hs in self.headers.items() for h in hs}


def field_for(header: str) -> str | None:
    return PLAN.field_for(header)


class SheetError(ValueError):
    """The file cannot be read as a plan; the message is safe to show and says what to do."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


class CellError(ValueError):
    """One cell's value cannot be used; the message says what to type instead."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: 1 is the first row of the file
    cells: dict[str, CellValue]  # field -> value, for every mapped column
    filled: tuple[str, ...]  # the text of every non-blank cell, mapped or not

    def text(self, field: str) -> str:
        return cell_text(self.cells.get(field, ""))


def cell_text(value: CellValue) -> str:
    return value.isoformat() if isinstance(value, date) else value


def trim_ref(text: str) -> str:
    """'4.2.' and ' 4.2 ' are 4.2: trailing dots and spaces are typing, not meaning."""
    return text.strip().rstrip(".").strip()


@dataclass(frozen=True)
class Sheet:
    file_name: str
    kind: str  # "csv" or "xlsx"
    header_row: int
    headers: dict[str, str]  # field -> the header as written in the file
    ignored: tuple[str, ...]  # headers of columns no field uses
    rows: tuple[Row, ...]


def read_sheet(path: Path, schema: Schema | None = None) -> Sheet:
    """The rows of a CSV or XLSX file (a plan, unless another schema is given): its header
    row, mapped columns and data rows."""
    schema = schema or PLAN
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _sheet(path.name, "csv", _csv_rows(path), schema)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheet(path, schema)
    raise SheetError(
        f"'{path.name}' is not a file I can read. Save it as an Excel workbook (.xlsx) "
        "or as CSV UTF-8 (.csv) and import that."
    )


def _decode(data: bytes) -> str:
    # Excel's "CSV UTF-8" writes a BOM; older Excel writes cp1252; latin-1 never fails.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(path: Path) -> list[tuple[int, list[CellValue]]]:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    # Record numbers, not line numbers: a quoted cell with line breaks is still one row in Excel.
    return [(number, [_clean(cell) for cell in row]) for number, row in enumerate(reader, 1)]


def _xlsx_sheet(path: Path, schema: Schema) -> Sheet:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        # What openpyxl raises for a damaged file or a CSV renamed to .xlsx.
        raise SheetError(
            f"'{path.name}' is not a readable Excel workbook. Open it in Excel, "
            "save it as .xlsx and try again."
        ) from exc
    try:
        last_error: SheetError | None = None
        for sheet in book.worksheets:
            # Some generators write a wrong dimension tag, which would cut rows off.
            sheet.reset_dimensions()
            rows = _xlsx_rows(sheet.iter_rows())
            head = list(islice(rows, HEADER_SEARCH_ROWS))
            if _find_header(head, schema) is None:
                continue  # a cover sheet or notes: read no further
            try:
                return _sheet(path.name, "xlsx", head + list(rows), schema)
            except SheetError as exc:
                last_error = last_error or exc
        raise last_error or _no_header(schema)
    finally:
        book.close()


def _xlsx_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[CellValue]]]:
    for number, cells in enumerate(rows, 1):
        yield number, [_cell_value(cell) for cell in cells]


def _cell_value(cell: Any) -> CellValue:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value, getattr(cell, "number_format", "General"))
    if isinstance(value, time):
        return value.isoformat()
    return _clean(str(value))


def _number_text(value: float, number_format: str) -> str:
    """A number cell as the sheet shows it, so ref 4.2 typed into Excel reads as '4.2'.

    Excel keeps only the number: 1.10 typed into a General cell is stored as 1.1 and cannot be
    told apart from 1.1. A fixed-decimals format such as 0.00 does say how it was shown, so that
    is honoured; otherwise the shortest text that gives the same number is used.
    """
    decimals = re.fullmatch(r"0\.(0+)", number_format or "")
    if decimals:
        return f"{value:.{len(decimals[1])}f}"
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _clean(text: str) -> str:
    # Control characters go (PostgreSQL refuses NUL); the quote an export adds goes too.
    return unneutralise(clean_text(text).strip()).strip()


def _sheet(
    file_name: str, kind: str, rows: list[tuple[int, list[CellValue]]], schema: Schema
) -> Sheet:
    header_at = _find_header(rows[:HEADER_SEARCH_ROWS], schema)
    if header_at is None:
        raise _no_header(schema)
    by_header = schema.by_header
    header_number, header_cells = rows[header_at]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header_cells):
        header = cell.isoformat() if isinstance(cell, date) else cell
        field = by_header.get(normalise_header(header))
        if field is None or field in columns:
            if header:
                ignored.append(header)
            continue
        columns[field] = index
        headers[field] = header
    missing = [field for field in schema.required if field not in columns]
    if missing:
        raise SheetError(" ".join(schema.missing[field] for field in missing), row=header_number)
    data = tuple(_row(number, cells, columns) for number, cells in rows[header_at + 1 :])
    return Sheet(file_name, kind, header_number, headers, tuple(ignored), data)


def _no_header(schema: Schema) -> SheetError:
    return SheetError(
        f"I could not find the header row in the first {HEADER_SEARCH_ROWS} rows. "
        f"Put a row of column names such as {schema.example}."
    )


PLAN = Schema(
    headers=HEADERS,
    required=REQUIRED,
    missing={
        "ref": "There is no 'Ref' column. Name the column that holds each action's number 'Ref'.",
        "title": (
            "There is no 'Action' column. Name the column that says what each action is 'Action'."
        ),
    },
    example="Ref, Action, Lead Officer, Due Date and RAG Status above the actions",
)


def _find_header(rows: list[tuple[int, list[CellValue]]], schema: Schema) -> int | None:
    """The first row naming at least two fields, one of them required."""
    for at, (_number, cells) in enumerate(rows):
        fields = {schema.field_for(c) for c in cells if isinstance(c, str) and c} - {None}
        if len(fields) >= 2 and fields & set(schema.required):
            return at
    return None


def _row(number: int, cells: list[CellValue], columns: dict[str, int]) -> Row:
    mapped = {field: cells[i] if i < len(cells) else "" for field, i in columns.items()}
    filled = tuple(c.isoformat() if isinstance(c, date) else c for c in cells if c != "")
    return Row(number, mapped, filled)
