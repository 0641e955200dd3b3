"""Text that is safe in a database and in a spreadsheet: the one rule every file path uses.

Control characters (C0 and DEL) are dropped: PostgreSQL refuses NUL in text, XLSX forbids most
of them, and a spreadsheet ignores a leading one and then runs what follows as a formula.
Tab and line breaks stay, since a cell's text can mean them; CRLF and CR become LF.

Text that a spreadsheet would run as a formula (=, +, - or @ first, also after spaces, tabs or
line breaks, which some spreadsheets skip) is neutralised after that cleaning, never before:
a note "<SOH>=HYPERLINK(...)" would otherwise lose its control character and come out live.
In CSV it gets a leading ', which Excel shows as text; in XLSX it is a string cell marked
quote-prefixed, never a formula.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n?")
FORMULA_CHARS = "=+-@"
QUOTE = "'"


def clean_text(text: str) -> str:
    """`text` without control characters other than tab and LF; CRLF and CR become LF."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run `text` (already cleaned) as a formula."""
    first = text.lstrip()[:1]
    return bool(first) and first in FORMULA_CHARS


def neutralise(text: str) -> str:
    """`text` as a CSV cell: cleaned, with a ' before anything a spreadsheet would run."""
    text = clean_text(text)
    return QUOTE + text if is_formula_like(text) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise` on text read back from a file: the ' an export added goes."""
    if text.startswith(QUOTE) and is_formula_like(text[1:]):
        return text[1:]
    return text


def set_xlsx_text(cell: Any, text: str | None) -> None:
    """Put `text` in an openpyxl cell as a plain string, never a formula."""
    cleaned = clean_text(text) if text else None
    cell.value = cleaned or None
    if cleaned and is_formula_like(cleaned):
        # openpyxl takes a leading = as a formula: force a string, and mark it quote-prefixed
        # so Excel keeps it as text even after someone edits the cell.
        cell.data_type = "s"
        cell.quotePrefix = True
