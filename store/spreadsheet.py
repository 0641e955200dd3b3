"""Reading a plan spreadsheet (CSV or XLSX) into rows keyed by field.

Councils name their columns differently ("Ref No.", "Lead Officer", "Timescale", "RAG Status"),
put title rows above the header and save CSVs in several encodings, so this module finds the
header row, maps each column to a field through synonyms and hands back plain values: text, or a
date for real Excel date cells, and the fill of blank cells. Files are read in a stream and
refused at the limits in store.sheets.raw. Checking what the values mean is the importer's job.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import chain, islice
from pathlib import Path

from openpyxl.utils import get_column_letter

from store.sheets.colours import Fill, FillReader
from store.sheets.raw import (
    CellValue,
    RawRow,
    SheetError,
    check_data_rows,
    check_file_size,
)
from store.sheets.text_files import DELIMITERS, csv_rows, read_text
from store.sheets.workbooks import open_book, sheet_rows

__all__ = ["CellValue", "SheetError"]  # kept here for the modules that import them from here

from store.errors import UserError

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
    "theme_lead": ("Theme Lead", "Theme Owner", "Priority Lead", "Workstream Lead"),
    "theme_lead_email": ("Theme Lead Email", "Priority Lead Email", "Workstream Lead Email"),
    "plan_lead": (
        "Plan Lead",
        "SRO",
        "Senior Responsible Officer",
        "Senior Responsible Owner",
        "Improvement Lead",
    ),
    "plan_lead_email": ("Plan Lead Email", "SRO Email"),
    "source": ("Source", "Ofsted recommendation", "Recommendation"),
    # The finding's code or number, beside (or instead of) a Source column.
    "recommendation": (
        "Ofsted ref",
        "Recommendation ref",
        "Recommendation no",
        "Rec ref",
        "Rec no",
        "Finding ref",
    ),
    "start": ("Start date", "Start"),
    "due": ("Due Date", "Timescale", "By when", "Deadline", "Target date"),
    "status": ("RAG Status", "RAG", "Status", "BRAG"),
    "note": ("Progress Update", "Progress", "Latest update", "Update"),
    "evidence": ("Evidence", "Monitoring and evaluation", "Evidence Ref", "Evidence Reference"),
    "kpi": ("KPI", "Linked KPI", "KPIs"),
}
REQUIRED = ("ref", "title")
HEADER_SEARCH_ROWS = 15


def normalise_header(text: str) -> str:
    """'Ref No.' -> 'refno': case, spaces, punctuation and plurals do not distinguish headers.

    'Supporting Officer(s)', 'supporting_officers' and 'SupportingOfficer' are all
    'supportingofficer'; '&' reads as 'and', so 'Monitoring & Evaluation' is 'Monitoring and
    evaluation'.
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase: evidenceRef
    words = re.findall(r"[a-z0-9]+", spaced.lower().replace("&", " and "))
    return "".join(_singular(word) for word in words if word != "s")  # the s of "(s)"


def _singular(word: str) -> str:
    """'officers' -> 'officer', 'priorities' -> 'priority'; 'progress', 'status' stay."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


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


class CellError(UserError):
    """One cell's value cannot be used; the message says what to type instead."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: 1 is the first row of the file
    cells: dict[str, CellValue]  # field -> value, for every mapped column
    filled: tuple[str, ...]  # the text of every non-blank cell, mapped or not
    fills: dict[str, Fill] = field(default_factory=dict)  # field -> fill of a blank cell (XLSX)

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
    rows: tuple[Row, ...]  # the rows below the header with something in them
    above: tuple[str, ...] = ()  # rows above the header holding one cell: titles, versions
    columns: dict[str, int] = field(default_factory=dict)  # field -> column, 1 for A

    def cell(self, field: str, row: int) -> str:
        """The cell's address as the spreadsheet shows it, such as D7."""
        return f"{get_column_letter(self.columns[field])}{row}"


@dataclass(frozen=True)
class _Header:
    at: int  # index in the rows searched
    columns: dict[str, int]  # field -> index
    headers: dict[str, str]
    ignored: tuple[str, ...]


def read_sheet(path: Path, schema: Schema | None = None) -> Sheet:
    """The rows of a CSV or XLSX file (a plan, unless another schema is given): its header
    row, mapped columns and data rows. Raises SheetError, having read no further than the
    import limits, when the file cannot be read or is beyond them."""
    schema = schema or PLAN
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        check_file_size(path)
        return _csv_sheet(path, schema)
    if suffix in (".xlsx", ".xlsm"):
        check_file_size(path)
        return _xlsx_sheet(path, schema)
    raise SheetError(
        f"'{path.name}' is not a file I can read. Save it as an Excel workbook (.xlsx) "
        "or as CSV UTF-8 (.csv) and import that."
    )


def _csv_sheet(path: Path, schema: Schema) -> Sheet:
    text = read_text(path)
    delimiter = _delimiter(text.text, schema)
    rows = csv_rows(text.text, delimiter)
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    try:
        header = _header(head, schema)
    except SheetError as exc:
        read_as = f"I read it as {text.encoding} text with {DELIMITERS[delimiter]} between columns."
        raise SheetError(f"{exc.message} ({read_as})", row=exc.row) from None
    return _sheet(path.name, "csv", header, head, rows, "The file")


def _delimiter(text: str, schema: Schema) -> str:
    """Commas, semicolons (Excel in some locales) or tabs ("Unicode text"): the one whose
    header names most fields, or with no header, the one splitting the top rows most."""
    scores: dict[str, tuple[int, int]] = {}
    refused: SheetError | None = None
    for delimiter in DELIMITERS:
        try:
            head = list(islice(csv_rows(text, delimiter), HEADER_SEARCH_ROWS))
        except SheetError as exc:
            refused = refused or exc  # beyond a limit when read this way
            continue
        scores[delimiter] = (_header_score(head, schema), sum(len(r.filled) for r in head))
    best = max(scores, key=scores.__getitem__, default=",")
    if refused is not None and scores.get(best, (0, 0))[0] == 0:
        raise refused
    return best


def _xlsx_sheet(path: Path, schema: Schema) -> Sheet:
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, extensions), which reading
        # values does not need, and about date cells out of range, which read as an error.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        book = open_book(path)
        try:
            fills = FillReader(book)
            last_error: SheetError | None = None
            for sheet in book.worksheets:
                rows = sheet_rows(sheet, fills)
                head = list(islice(rows, HEADER_SEARCH_ROWS))
                if _find_header(head, schema) is None:
                    continue  # a cover sheet or notes: read no further
                try:
                    header = _header(head, schema)
                except SheetError as exc:
                    last_error = last_error or exc
                    continue
                return _sheet(path.name, "xlsx", header, head, rows, f"Sheet '{sheet.title}'")
            raise last_error or _no_header(schema)
        finally:
            book.close()


def _header(head: list[RawRow], schema: Schema) -> _Header:
    """The header row among the first rows, with the column of each field it names."""
    at = _find_header(head, schema)
    if at is None:
        raise _no_header(schema)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(head[at].cells):
        header = cell_text(cell)
        field = schema.field_for(header)
        if field is None or field in columns:
            if header:
                ignored.append(header)
            continue
        columns[field] = index
        headers[field] = header
    missing = [field for field in schema.required if field not in columns]
    if missing:
        message = " ".join(schema.missing[field] for field in missing)
        raise SheetError(message, row=head[at].number)
    return _Header(at, columns, headers, tuple(ignored))


def _sheet(
    file_name: str,
    kind: str,
    header: _Header,
    head: list[RawRow],
    rest: Iterator[RawRow],
    label: str,
) -> Sheet:
    """Read the data rows below the header, up to the limit, keeping those with something in."""
    data: list[Row] = []
    for raw in chain(head[header.at + 1 :], rest):
        row = _row(raw, header.columns)
        if row.filled:
            data.append(row)
            check_data_rows(len(data), label)
    above = tuple(r.filled[0] for r in head[: header.at] if len(r.filled) == 1)
    columns = {field: index + 1 for field, index in header.columns.items()}
    return Sheet(
        file_name=file_name,
        kind=kind,
        header_row=head[header.at].number,
        headers=header.headers,
        ignored=header.ignored,
        rows=tuple(data),
        above=above,
        columns=columns,
    )


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


def _find_header(rows: list[RawRow], schema: Schema) -> int | None:
    """The first row naming at least two fields, one of them required."""
    for at, row in enumerate(rows):
        if _header_score([row], schema):
            return at
    return None


def _header_score(rows: list[RawRow], schema: Schema) -> int:
    """How many fields the first header row among `rows` names (0 with none)."""
    for row in rows:
        fields = {schema.field_for(c) for c in row.cells if isinstance(c, str) and c} - {None}
        if len(fields) >= 2 and fields & set(schema.required):
            return len(fields)
    return 0


def _row(raw: RawRow, columns: dict[str, int]) -> Row:
    cells = raw.cells
    mapped = {field: cells[i] if i < len(cells) else "" for field, i in columns.items()}
    fills = {field: raw.fills[i] for field, i in columns.items() if i in raw.fills}
    return Row(raw.number, mapped, raw.filled, fills)
