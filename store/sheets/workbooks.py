"""Reading XLSX workbooks in streaming mode, within the import limits.

openpyxl's read-only mode parses a sheet row by row, so memory stays flat however far down or
across the sheet's content claims to go; each row is checked against the limits as it comes.
Read-only cells still carry their style, so the fill of a blank cell is kept (resolved once per
distinct fill) for the importer to read RAG from colour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zipfile import BadZipFile, ZipFile

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from store.sheets.colours import Fill, FillReader
from store.sheets.raw import (
    MAX_COLUMNS,
    MAX_UNPACKED_MB,
    CellValue,
    RawRow,
    SheetError,
    check_cell,
    check_row_number,
    clean_cell,
    too_wide,
)

MAX_PARTS = 10_000  # files inside the workbook's zip; a plan has a few dozen
# Excel writes characters XML cannot hold (NUL, other controls, the CR of CRLF) as _xHHHH_;
# openpyxl leaves them escaped, so they are unescaped here and then cleaned like any text.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def open_book(path: Path) -> Any:
    """The workbook, read-only; SheetError when it is damaged or too big inside."""
    _check_parts(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        # What openpyxl raises for a damaged file or a CSV renamed to .xlsx.
        raise _unreadable(path) from exc


def _unreadable(path: Path) -> SheetError:
    return SheetError(
        f"'{path.name}' is not a readable Excel workbook. Open it in Excel, "
        "save it as .xlsx and try again."
    )


def _check_parts(path: Path) -> None:
    """A small zip can unpack to gigabytes of XML: count what it says it holds first.

    Python's zipfile never reads past a part's stated size, so the stated sizes are a bound.
    """
    try:
        with ZipFile(path) as archive:
            parts = archive.infolist()
    except (BadZipFile, OSError, ValueError) as exc:
        raise _unreadable(path) from exc
    xml = sum(p.file_size for p in parts if p.filename.lower().endswith((".xml", ".rels")))
    if len(parts) > MAX_PARTS or xml > MAX_UNPACKED_MB * 1024 * 1024:
        raise SheetError(
            f"'{path.name}' unpacks to {xml / 1024 / 1024:,.0f} MB in {len(parts):,} parts; "
            f"I read workbooks of up to {MAX_UNPACKED_MB} MB. Copy the plan's sheet into a new "
            "workbook and import that."
        )


def sheet_rows(sheet: Any, fills: FillReader) -> Iterator[RawRow]:
    """Each row of a read-only sheet as values, with the fills of its blank cells."""
    label = f"Sheet '{sheet.title}'"
    # Some generators write a wrong dimension tag, which would cut rows off or pad them out.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(), 1):
        check_row_number(number, label)
        beyond = enumerate(cells[MAX_COLUMNS:], MAX_COLUMNS + 1)
        extra = next((column for column, cell in beyond if _has_value(cell)), None)
        if extra is not None:
            raise too_wide(number, extra)
        values: list[CellValue] = []
        blank_fills: dict[int, Fill] = {}
        for index, cell in enumerate(cells[:MAX_COLUMNS]):
            value = cell_value(cell, number, index + 1)
            values.append(value)
            fill = fills.fill_of(cell) if value == "" else None
            if fill is not None:
                blank_fills[index] = fill
        yield RawRow(number, values, blank_fills)


def _has_value(cell: Any) -> bool:
    value = getattr(cell, "value", None)
    return value is not None and value != ""


def cell_value(cell: Any, number: int, column: int) -> CellValue:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, getattr(cell, "number_format", None) or "General")
    if isinstance(value, time):
        return value.isoformat()
    text = _ESCAPED.sub(lambda m: chr(int(m[1], 16)), str(value))
    return clean_cell(check_cell(text, number, column))


def _number_text(value: float | int, number_format: str) -> str:
    """A number cell as the sheet shows it, so ref 4.2 typed into Excel reads as '4.2'.

    Excel keeps only the number: 1.10 typed into a General cell is stored as 1.1 and cannot be
    told apart from 1.1. A fixed-decimals format such as 0.00 does say how it was shown, so that
    is honoured; otherwise the shortest text that gives the same number is used. A percentage
    cell holds 0.95 for 95%, so it reads as "95%", never as 0.95.
    """
    if "%" in number_format:
        percent = round(value * 100, 9)
        return f"{_shortest(percent)}%"
    decimals = re.fullmatch(r"0\.(0+)", number_format)
    if decimals:
        return f"{value:.{len(decimals[1])}f}"
    return _shortest(value)


def _shortest(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if value.is_integer() else repr(value)
