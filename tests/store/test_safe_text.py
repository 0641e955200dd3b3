"""The one rule for text in files: control characters out first, then formulas neutralised."""

from __future__ import annotations

import openpyxl
import pytest

from store.safe_text import clean_text, neutralise, set_xlsx_text, unneutralise


@pytest.mark.parametrize(
    ("text", "csv"),
    [
        (
            '\x01=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("\x1b=1+1", "'=1+1"),
        ("\x00+cmd", "'+cmd"),
        ("\t=1+1", "'\t=1+1"),
        ("\r\n-2+3", "'\n-2+3"),
        ("\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"),
        ("Line one\r\nLine two\twith a tab", "Line one\nLine two\twith a tab"),
        ("Caseload 18 - 20", "Caseload 18 - 20"),
        ("", ""),
    ],
)
def test_csv_cells_lose_control_characters_then_formulas(text: str, csv: str) -> None:
    """Control characters go first (tab and line breaks stay), so a formula hidden behind one is
    still caught and given a leading '; reading the cell back gives the cleaned text."""
    assert neutralise(text) == csv
    assert unneutralise(csv) == clean_text(text)


def test_xlsx_cells_are_quote_prefixed_strings() -> None:
    """A formula-like text is a quote-prefixed string cell, never a formula, and plain text is
    left alone."""
    sheet = openpyxl.Workbook().active
    risky, plain = sheet["A1"], sheet["A2"]
    set_xlsx_text(risky, '\x01=HYPERLINK("http://evil.example")')
    set_xlsx_text(plain, "\x00Board met")
    assert (risky.value, risky.data_type, risky.quotePrefix) == (
        '=HYPERLINK("http://evil.example")',
        "s",
        True,
    )
    assert (plain.value, plain.quotePrefix) == ("Board met", False)
