"""The rows of an import file as read, before any column means anything, and the limits every
file is read within.

The limits are far beyond any council's plan or KPI list, and each is checked as the file is
read, so a hostile file (a cell at XFD1048576, a million empty rows, 100,000 rows of data) is
refused after reading no more than the limit, with a message naming the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter

from store.errors import UserError
from store.safe_text import clean_text, unneutralise
from store.sheets.colours import Fill

MAX_FILE_MB = 20
MAX_ROWS = 5_000  # rows with something in them, below the header
MAX_SHEET_ROWS = 20_000  # rows read from the top, empty ones included
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit for one cell
MAX_UNPACKED_MB = 100  # the XML inside an XLSX, which openpyxl parses

# A cell is text, or a date when the spreadsheet held a real date. Blank cells are "".
CellValue = str | date


class SheetError(UserError):
    """The file cannot be read as a plan; the message is safe to show and says what to do."""

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class RawRow:
    number: int  # as the spreadsheet shows it: 1 is the first row of the file
    cells: list[CellValue]
    fills: dict[int, Fill] = field(default_factory=dict)  # index -> fill of a blank cell

    @property
    def filled(self) -> tuple[str, ...]:
        """The text of every non-blank cell."""
        return tuple(c.isoformat() if isinstance(c, date) else c for c in self.cells if c != "")


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_MB * 1024 * 1024:
        raise SheetError(
            f"'{path.name}' is {size / 1024 / 1024:.1f} MB; I read files of up to {MAX_FILE_MB} "
            "MB. A plan is far smaller: save just the sheet with the plan, without pictures."
        )


def check_row_number(number: int, sheet: str) -> None:
    if number > MAX_SHEET_ROWS:
        raise SheetError(
            f"{sheet} goes on past row {MAX_SHEET_ROWS:,}, the most I read (empty rows "
            "count too). Delete everything below your table, including rows that look "
            "empty, and save it again."
        )


def check_data_rows(count: int, sheet: str) -> None:
    if count > MAX_ROWS:
        raise SheetError(
            f"{sheet} has more than {MAX_ROWS:,} rows below the header, the most I read. "
            "Check this is the right file, or split it."
        )


def too_wide(number: int, column: int) -> SheetError:
    """Row `number` has something in `column` (1 is A), beyond MAX_COLUMNS."""
    return SheetError(
        f"Row {number} has something in column {get_column_letter(column)} (column "
        f"{column:,}); I read up to {MAX_COLUMNS} columns. Delete what is to the right of your "
        "table and save it again."
    )


def check_cell(text: str, number: int, column: int) -> str:
    if len(text) > MAX_CELL:
        raise SheetError(
            f"Cell {get_column_letter(column)}{number} holds {len(text):,} characters; a cell "
            f"holds at most {MAX_CELL:,}. Shorten it."
        )
    return text


def clean_cell(text: str) -> str:
    """A cell's text: control characters out (PostgreSQL refuses NUL), the quote an export adds
    before formula-like text out, and no spaces around."""
    return unneutralise(clean_text(text).strip()).strip()
