"""KPI reporting periods: months ("2026-03"), quarters ("2026-Q1") and years ("2026").

Stored as text that sorts in time order within one frequency.
"""

from __future__ import annotations

import re
from datetime import date

from store.dates import FIRST_YEAR, LAST_YEAR, MONTHS
from store.errors import UserError

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_WORDS = re.compile(r"([a-z]+)\.?[ -](\d{4}|\d{2})")
_QUARTER = re.compile(r"(\d{4})[ -]?q([1-4])|q([1-4])[ -](\d{4})")
_YEAR = re.compile(r"\d{4}")

HINT = "Type a period such as 2026-03, Mar 2026, Mar-26, 2026-Q1, Q1 2026 or 2026."


class PeriodError(UserError):
    pass


def parse_period(text: str) -> str:
    period = _read(text)
    if not FIRST_YEAR <= int(period[:4]) <= LAST_YEAR:
        raise PeriodError(f"'{text}' is not a period between {FIRST_YEAR} and {LAST_YEAR}. {HINT}")
    return period


def _read(text: str) -> str:
    words = " ".join(text.lower().split())
    if m := _MONTH.fullmatch(words):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"'{text}' has no month {month}. {HINT}")
        return f"{int(m[1]):04d}-{month:02d}"
    if (m := _MONTH_WORDS.fullmatch(words)) and m[1] in MONTHS:
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return f"{year:04d}-{MONTHS[m[1]]:02d}"
    if m := _QUARTER.fullmatch(words):
        year_text, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        return f"{year_text}-Q{quarter}"
    if _YEAR.fullmatch(words):
        return words
    raise PeriodError(f"'{text}' is not a period I can read. {HINT}")


def current_period(today: date, frequency: str = "monthly") -> str:
    if frequency == "quarterly":
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    if frequency == "annual":
        return str(today.year)
    return f"{today.year:04d}-{today.month:02d}"


def period_label(period: str) -> str:
    """'2026-03' -> 'Mar 2026'; quarters and years as written."""
    if m := _MONTH.fullmatch(period):
        return f"{date(int(m[1]), int(m[2]), 1):%b %Y}"
    return period.replace("-Q", " Q")
