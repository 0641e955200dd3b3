"""Reading a board series rule as people say it, and writing it as RRULE text.

    every 6 weeks on Thursday at 10:00 from 12/02/2027
    every 4 weeks on Tuesday at 2pm
    monthly on the first Tuesday at 14:00 from 1 Mar 2027
    every 2 months on the last Thursday at 10:00

No I/O and no SQLAlchemy here, so the command parser can use it. The RRULE carries
DTSTART;TZID=<plan zone> at the first real meeting: dateutil then keeps the local wall-clock
time across clock changes, and a DTSTART that is not on the rule's day would make the first
occurrence jump weeks ahead, so the "from" date is moved to the first such day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from store.dates import DateError, TimeError, parse_date, parse_time, read_weekday
from store.errors import UserError

EXAMPLE = "every 6 weeks on Thursday at 10:00 from 12/02/2027"
HINT = f"Type it like: {EXAMPLE}, or monthly on the first Tuesday at 14:00 from 02/03/2027."
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "last": -1,
}  # fmt: skip
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
}  # fmt: skip
_SHORTHAND = {
    "weekly": ("weekly", 1), "fortnightly": ("weekly", 2), "monthly": ("monthly", 1),
    "bimonthly": ("monthly", 2), "quarterly": ("monthly", 3),
}  # fmt: skip
_EVERY = re.compile(r"every (?:(\w+) )?(weeks?|fortnights?|months?)\b")
_N_WEEKLY = re.compile(r"(\w+)[- ](weekly|monthly)")
_FROM = re.compile(r"\s(?:from|starting(?: on| from)?|beginning)\s+(.+)$")
_AT = re.compile(r"\sat\s+(\S+(?:\s?[ap]m)?)")
_ON = re.compile(
    r"^(?:on\s+)?(?:the\s+|every\s+|a\s+)?(\w+)(?:\s+(\w+))?"
    r"(?:\s+of\s+(?:the|each|every)\s+month)?$"
)


class RuleError(UserError):
    """A rule that cannot be read; the message is safe to show and says what to type."""


@dataclass(frozen=True)
class SeriesRule:
    freq: Literal["weekly", "monthly"]
    interval: int
    weekday: int  # Monday is 0
    nth: int | None  # monthly: 1 to 4, or -1 for the last; None for weekly
    at: time
    start: date  # the "from" date as typed (or today)

    def first(self) -> date:
        """The first meeting: the first day on or after `start` that the rule gives."""
        by = weekday(self.weekday, self.nth) if self.nth else weekday(self.weekday)
        found = rrule(
            MONTHLY if self.freq == "monthly" else WEEKLY,
            byweekday=by,
            dtstart=datetime.combine(self.start, time()),
            count=1,
        )[0]
        return found.date()

    def rrule_text(self, zone: str) -> str:
        """RRULE text with DTSTART;TZID at the first meeting, in the plan's time zone."""
        first = self.first()
        byday = _BYDAY[self.weekday]
        if self.nth:
            byday = f"{self.nth}{byday}"
        return (
            f"DTSTART;TZID={zone}:{first:%Y%m%d}T{self.at:%H%M%S}\n"
            f"RRULE:FREQ={self.freq.upper()};INTERVAL={self.interval};BYDAY={byday}"
        )

    def describe(self) -> str:
        """'every 6 weeks on Thursday at 10:00', 'every month on the first Tuesday at 14:00'."""
        unit = "week" if self.freq == "weekly" else "month"
        every = f"every {unit}" if self.interval == 1 else f"every {self.interval} {unit}s"
        day = calendar.day_name[self.weekday]
        on = f"on the {_ORDINAL_WORDS[self.nth]} {day}" if self.nth else f"on {day}"
        return f"{every} {on} at {self.at:%H:%M}"


def parse_rule(text: str, today: date) -> SeriesRule:
    """Read a series rule; the "from" date defaults to today."""
    words = " " + " ".join(text.lower().replace(",", " ").split())
    if not words.strip():
        raise RuleError(f"The rule is missing. {HINT}")
    start = today
    m = _FROM.search(words)
    if m:
        start = _date(m[1], today)
        words = words[: m.start()]
    m = _AT.search(words)
    if not m:
        raise RuleError(f"Say what time the board meets, such as 'at 10:00'. {HINT}")
    at = _time(m[1])
    words = (words[: m.start()] + words[m.end() :]).strip()
    freq, interval, rest = _frequency(words)
    weekday_, nth = _day(rest, freq, start)
    return SeriesRule(freq, interval, weekday_, nth, at, start)


def _date(text: str, today: date) -> date:
    try:
        return parse_date(text, today)
    except DateError as error:
        raise RuleError(str(error)) from None


def _time(text: str) -> time:
    try:
        return parse_time(text)
    except TimeError as error:
        raise RuleError(str(error)) from None


def _count(word: str | None) -> int:
    if word is None:
        return 1
    if word.isdigit():
        return int(word)
    if word in _NUMBERS:
        return _NUMBERS[word]
    raise RuleError(f"'{word}' is not a number of weeks or months. {HINT}")


def _frequency(words: str) -> tuple[Literal["weekly", "monthly"], int, str]:
    """How often, and the words left over (the day)."""
    first, _, rest = words.partition(" ")
    if first in _SHORTHAND:
        freq, interval = _SHORTHAND[first]
    elif m := _N_WEEKLY.match(words):  # "six-weekly", "4 weekly"
        freq, interval, rest = m[2], _count(m[1]), words[m.end() :]
    elif m := _EVERY.match(words):
        unit = m[2].rstrip("s")
        count = _count(m[1])
        freq, interval = ("monthly", count) if unit == "month" else ("weekly", count)
        if unit == "fortnight":
            interval = 2 * count
        rest = words[m.end() :]
    else:
        raise RuleError(f"Say how often the board meets, such as 'every 6 weeks'. {HINT}")
    limit = 26 if freq == "weekly" else 12
    if not 1 <= interval <= limit:
        unit = "weeks" if freq == "weekly" else "months"
        raise RuleError(f"A board meets every 1 to {limit} {unit}, not every {interval}.")
    return ("monthly" if freq == "monthly" else "weekly"), interval, rest.strip()


def _day(rest: str, freq: str, start: date) -> tuple[int, int | None]:
    """The weekday and, for a monthly rule, which one of the month."""
    if not rest:
        if freq == "monthly":
            raise RuleError(f"Say which day of the month, such as 'on the first Tuesday'. {HINT}")
        if start.weekday() >= 5:
            raise RuleError(f"Say which weekday the board meets, such as 'on Thursday'. {HINT}")
        return start.weekday(), None  # "every 6 weeks at 10:00 from 11/02/2027"
    m = _ON.match(rest)
    if not m:
        raise RuleError(f"I could not read '{rest}' as a day. {HINT}")
    if m[2] is None:
        day_word, ordinal = m[1], None
    else:
        ordinal, day_word = m[1], m[2]
    try:
        day = read_weekday(day_word)
    except DateError as error:
        raise RuleError(str(error)) from None
    if day >= 5:
        raise RuleError("A board meets on a weekday, Monday to Friday.")
    if ordinal is None:
        if freq == "monthly":
            name = calendar.day_name[day]
            raise RuleError(
                f"Say which {name} of the month: first, second, third, fourth or last, "
                f"such as 'monthly on the first {name}'."
            )
        return day, None
    if ordinal not in _ORDINALS:
        raise RuleError(f"'{ordinal}' is not first, second, third, fourth or last. {HINT}")
    if freq == "weekly":
        raise RuleError(
            f"'{ordinal}' fits a monthly rule. Say 'monthly on the {ordinal} "
            f"{calendar.day_name[day]}', or 'every 6 weeks on {calendar.day_name[day]}'."
        )
    return day, _ORDINALS[ordinal]


_RRULE_PARTS = re.compile(
    r"DTSTART(?:;TZID=[^:]+)?:(\d{8})T(\d{4})\d{2}.*?FREQ=(WEEKLY|MONTHLY)"
    r"(?:.*?INTERVAL=(\d+))?.*?BYDAY=([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)",
    re.S,
)


def from_rrule_text(text: str) -> SeriesRule | None:
    """The rule a stored RRULE text says, for showing it back; None for rules made elsewhere."""
    m = _RRULE_PARTS.search(text)
    if not m:
        return None
    start = date(int(m[1][:4]), int(m[1][4:6]), int(m[1][6:]))
    freq: Literal["weekly", "monthly"] = "weekly" if m[3] == "WEEKLY" else "monthly"
    return SeriesRule(
        freq=freq,
        interval=int(m[4] or 1),
        weekday=_BYDAY.index(m[6]),
        nth=int(m[5]) if m[5] else None,
        at=time(int(m[2][:2]), int(m[2][2:])),
        start=start,
    )
