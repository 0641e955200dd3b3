"""Reading dates the way UK councils write them, strictly.

dateutil's parser guesses (it swaps ISO dates with dayfirst, falls back to month-first and
reads "4.2" as a date), so the forms accepted here are listed one by one and everything else
is refused with a message that says what to type.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, time, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from store.errors import UserError

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS |= {name.lower(): i for i, name in enumerate(calendar.day_abbr)}
WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

HINT = (
    "Type a UK date, day first: 31/03/2027, 31.03.2027, 31 Mar 2027, 2027-03-31, next Friday, "
    "end of March or Q4 2026/27."
)
# Plans and their history fit in these years; a date outside them is a typo (31/12/9999 for
# "no date"), and date arithmetic on it overflows in reminders and reports.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# 31/03/2027, 31-03-27 and 31.03.2027 (as Excel writes dates in some UK councils); the year
# has two or four digits, so a ref such as 1.2.3 is never a date.
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
# A quarter of the UK financial year (April to March): Q4 2026/27 ends on 31 March 2027.
_FINANCIAL = re.compile(r"q([1-4])[ -]?(?:fy[ -]?)?(\d{4})[/-](\d{2}|\d{4})")
_WORDY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?(?:[ -](\d{4}|\d{2}))?")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[ -](\d{4}|\d{2})")
_IN = re.compile(r"in (\d+|[a-z]+) (day|week|fortnight|month)s?")
_END_OF = re.compile(r"end of (?:the )?(.+)")


class DateError(UserError):
    """A date that cannot be read; the message is safe to show and says what to type."""


def parse_date(text: str, today: date) -> date:
    """Read a UK date, an ISO date, a month ("Mar-26" is its last day) or a relative date."""
    words = " ".join(text.lower().replace(",", " ").split())
    if not words:
        raise DateError(f"A date is missing. {HINT}")
    for reader in (_iso, _numeric, _financial_quarter, _wordy, _month_year, _relative):
        try:
            found = reader(words, today)
        except DateError:
            raise
        except (_OutOfRange, OverflowError, ValueError):
            # A year such as 9999, or "in 999999 weeks": beyond any date Python can hold.
            raise _out_of_range(text) from None
        if found is not None:
            return in_range(found, text)
    raise DateError(f"'{text.strip()}' is not a date I can read. {HINT}")


def in_range(day: date, text: str) -> date:
    """`day`, or DateError when its year is outside FIRST_YEAR to LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _out_of_range(text)
    return day


class _OutOfRange(Exception):
    """Raised by the readers, so parse_date can name the date as it was typed."""


def _out_of_range(text: str) -> DateError:
    return DateError(
        f"'{text.strip()}' is not a date between {FIRST_YEAR} and {LAST_YEAR}. "
        "Type a date such as 31/03/2027 or in 6 weeks."
    )


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, month: int, day: int, text: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange
    if not 1 <= month <= 12:
        if 1 <= day <= 12 and 1 <= month <= 31:
            swapped = f"{month:02d}/{day:02d}/{year}"
            raise DateError(f"'{text}' is not a UK date: the day comes first. Type {swapped}.")
        raise DateError(f"'{text}' has no month {month}. {HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"{calendar.month_name[month]} {year} has no day {day}. {HINT}") from None


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _iso(words: str, today: date) -> date | None:
    m = _ISO.fullmatch(words)
    if not m:
        return None
    return _make(int(m[1]), int(m[2]), int(m[3]), words)


def _numeric(words: str, today: date) -> date | None:
    m = _NUMERIC.fullmatch(words)
    if not m:
        return None
    return _make(_year(m[4]), int(m[3]), int(m[1]), words)


def _financial_quarter(words: str, today: date) -> date | None:
    """The last day of a financial quarter: Q1 is April to June … Q4 January to March."""
    m = _FINANCIAL.fullmatch(words)
    if not m:
        return None
    start, end = int(m[2]), int(m[3])
    if end % 100 != (start + 1) % 100:
        raise DateError(
            f"'{words}' is not a financial year: the second year follows the first, as in "
            f"Q{m[1]} {start}/{(start + 1) % 100:02d}."
        )
    quarter = int(m[1])
    year = start if quarter < 4 else start + 1
    return month_end(year, {1: 6, 2: 9, 3: 12, 4: 3}[quarter])


def _wordy(words: str, today: date) -> date | None:
    m = _WORDY.fullmatch(words)
    if not m or m[2] not in MONTHS:
        return None
    day, month = int(m[1]), MONTHS[m[2]]
    if m[3]:
        return _make(_year(m[3]), month, day, words)
    # No year: the next such day from today ("31 Mar" in November means next March).
    found = _make(today.year, month, day, words) if _valid(today.year, month, day) else None
    if found is None or found < today:
        found = _make(today.year + 1, month, day, words)
    return found


def _valid(year: int, month: int, day: int) -> bool:
    return day <= calendar.monthrange(year, month)[1]


def _month_year(words: str, today: date) -> date | None:
    m = _MONTH_YEAR.fullmatch(words)
    if not m or m[1] not in MONTHS:
        return None
    return month_end(_year(m[2]), MONTHS[m[1]])


def _relative(words: str, today: date) -> date | None:
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if words.startswith("next ") and words[5:] in WEEKDAYS:
        return _next_weekday(today, WEEKDAYS[words[5:]])
    if words.startswith("this ") and words[5:] in WEEKDAYS:
        return _next_weekday(today, WEEKDAYS[words[5:]], allow_today=True)
    if words in WEEKDAYS:
        return _next_weekday(today, WEEKDAYS[words])
    if words in ("next week", "in a week"):
        return today + timedelta(weeks=1)
    m = _IN.fullmatch(words)
    if m:
        count = int(m[1]) if m[1].isdigit() else NUMBERS.get(m[1])
        if count is None:
            return None
        if m[2] == "month":
            later: date = today + relativedelta(months=count)
            return later
        days = {"day": 1, "week": 7, "fortnight": 14}[m[2]]
        return today + timedelta(days=days * count)
    m = _END_OF.fullmatch(words)
    if m:
        return _end_of(m[1], today)
    return None


def _next_weekday(today: date, weekday: int, *, allow_today: bool = False) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not allow_today:
        ahead = 7
    return today + timedelta(days=ahead)


def _end_of(what: str, today: date) -> date | None:
    if what in ("month", "this month"):
        return month_end(today.year, today.month)
    if what == "next month":
        nxt: date = today + relativedelta(months=1)
        return month_end(nxt.year, nxt.month)
    if what in ("year", "this year"):
        return date(today.year, 12, 31)
    if what in MONTHS:
        month = MONTHS[what]
        year = today.year if month >= today.month else today.year + 1
        return month_end(year, month)
    m = _MONTH_YEAR.fullmatch(what)
    if m and m[1] in MONTHS:
        return month_end(_year(m[2]), MONTHS[m[1]])
    return None


def uk(day: date | None, *, empty: str = "no date") -> str:
    """A date as UK readers expect it: 'Tue 31 Mar 2026'."""
    if day is None:
        return empty
    return _uk(day)


@lru_cache(maxsize=4096)
def _uk(day: date) -> str:
    # Sweeps format the same few hundred dates tens of thousands of times.
    return f"{day:%a} {day.day} {day:%b %Y}"


class TimeError(UserError):
    """A time of day that cannot be read; the message is safe to show and says what to type."""


TIME_HINT = "Type a time such as 10:00, 14:30 or 2pm."
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?")


def parse_time(text: str) -> time:
    """Read a time of day: '10:00', '9.30', '14:30', '2pm', '10:30am'.

    A bare hour ('10') is refused: a board at '2' could be 02:00 or 14:00.
    """
    words = text.strip().lower().replace(" ", "")
    m = _TIME.fullmatch(words)
    if not m or (m[2] is None and m[3] is None):
        raise TimeError(f"'{text.strip()}' is not a time I can read. {TIME_HINT}")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            raise TimeError(f"'{text.strip()}' is not a time: use 1 to 12 with am or pm.")
        hour = hour % 12 + (12 if m[3] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise TimeError(f"'{text.strip()}' is not a time of day. {TIME_HINT}")
    return time(hour, minute)


def looks_like_time(word: str) -> bool:
    """True for '10:00', '2pm', '9.30am': the words a time can be, never a date."""
    m = _TIME.fullmatch(word.strip().lower())
    return bool(m and (m[2] is not None or m[3] is not None) and not _NUMERIC.fullmatch(word))


def read_weekday(text: str) -> int:
    """'Monday', 'mon' or 'Mondays' -> 0."""
    word = text.strip().lower().rstrip(".")
    for candidate in (word, word.removesuffix("s")):
        if candidate in WEEKDAYS:
            return WEEKDAYS[candidate]
    days = ", ".join(calendar.day_name)
    raise DateError(f"'{text.strip()}' is not a day of the week. Use {days}.")
