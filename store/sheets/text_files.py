"""Reading CSV and tab-separated text as councils save it from Excel.

The encoding comes from the byte-order mark: "CSV UTF-8" starts with the UTF-8 mark, and
"Unicode text" is UTF-16 with tabs between columns. Without a mark, UTF-16 shows itself by its
zero bytes, and anything else is UTF-8 or, from older Excel, Windows-1252.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from store.sheets.raw import (
    MAX_COLUMNS,
    RawRow,
    SheetError,
    check_cell,
    check_row_number,
    clean_cell,
    too_wide,
)

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
DELIMITERS = {",": "commas", "\t": "tabs", ";": "semicolons"}


@dataclass(frozen=True)
class Text:
    text: str
    encoding: str  # as people know it: "UTF-16", "Windows-1252"


def read_text(path: Path) -> Text:
    data = path.read_bytes()
    for mark, codec, name in _MARKS:
        if data.startswith(mark):
            return _decode(data[len(mark) :], codec, name)
    wide = _utf16_without_mark(data[:4000])
    if wide:
        return _decode(data, wide, "UTF-16")
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return Text(data.decode(codec), name)
        except UnicodeDecodeError:
            continue
    return Text(data.decode("latin-1"), "Latin-1")  # never fails


def _decode(data: bytes, codec: str, name: str) -> Text:
    try:
        return Text(data.decode(codec), name)
    except UnicodeDecodeError:
        raise SheetError(
            f"The file says it is {name} text, but part of it is not. Open it in Excel and "
            "save it as CSV UTF-8 (Comma delimited)."
        ) from None


def _utf16_without_mark(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when most odd (or even) bytes are zero, as in UTF-16 text
    that is mostly Latin letters; None otherwise."""
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > half * 0.6:
        return "utf-16-le"
    if sample[0::2].count(0) > half * 0.6:
        return "utf-16-be"
    return None


def csv_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    """Each record of the text, cleaned; stops with SheetError at a limit or a broken record.

    Rows are numbered by record, not line: a quoted cell with line breaks is one row in Excel.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            check_row_number(number, "The file")
            beyond = enumerate(cells[MAX_COLUMNS:], MAX_COLUMNS + 1)
            extra = next((column for column, cell in beyond if cell.strip()), None)
            if extra is not None:
                raise too_wide(number, extra)
            kept = enumerate(cells[:MAX_COLUMNS], 1)
            yield RawRow(number, [clean_cell(check_cell(c, number, i)) for i, c in kept])
    except csv.Error as exc:
        raise SheetError(
            f"Row {number + 1} is not readable as CSV ({exc}). Open the file in Excel and save "
            "it as CSV UTF-8 again.",
            row=number + 1,
        ) from None
