"""How often a risk is reviewed, and when its next review falls.

Kept as "<n>w" (weeks) or "<n>m" (calendar months): "monthly" is the same day next month,
not thirty days on, as a council's risk calendar has it.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

from store.errors import UserError

DEFAULT_EVERY = "1m"
_WORDS = {
    "weekly": "1w",
    "fortnightly": "2w",
    "monthly": "1m",
    "bimonthly": "2m",
    "quarterly": "3m",
    "termly": "4m",
    "six-monthly": "6m",
    "half-yearly": "6m",
    "annually": "12m",
    "yearly": "12m",
    "annual": "12m",
    "fortnight": "2w",
    "quarter": "3m",
    "year": "12m",
}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "twelve": 12}
_EVERY = re.compile(r"(?:every )?(\d{1,2}|[a-z]+)[ -]?(week|month)(?:s|ly)?")
EVERY_HINT = "Type how often, such as monthly, quarterly, every 6 weeks or every 2 months."


class ReviewError(UserError):
    pass


def read_every(text: str) -> str:
    """'monthly', 'quarterly', 'every 6 weeks', '6-weekly', '2 months' -> '1m', '3m', '6w' …"""
    words = " ".join(text.lower().replace("every other", "every 2").split())
    words = words.removeprefix("every ").strip()
    if words in _WORDS:
        return _WORDS[words]
    if words in ("week", "month"):
        return f"1{words[0]}"
    m = _EVERY.fullmatch(words)
    count = None
    if m:
        count = int(m[1]) if m[1].isdigit() else _NUMBERS.get(m[1])
    if m is None or count is None or not 1 <= count <= (52 if m[2] == "week" else 12):
        raise ReviewError(f"'{text.strip()}' is not how often to review. {EVERY_HINT}")
    return f"{count}{m[2][0]}"


def every_text(every: str) -> str:
    """'1m' -> 'monthly', '6w' -> 'every 6 weeks'."""
    named = {"1w": "weekly", "2w": "fortnightly", "1m": "monthly", "3m": "quarterly"}
    named |= {"6m": "six-monthly", "12m": "annually"}
    if every in named:
        return named[every]
    count, unit = int(every[:-1]), "week" if every.endswith("w") else "month"
    return f"every {count} {unit}s"


def after(day: date, every: str) -> date:
    """The review after one on `day`."""
    count = int(every[:-1])
    if every.endswith("w"):
        return day + relativedelta(weeks=count)
    return day + relativedelta(months=count)
