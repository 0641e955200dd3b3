"""Words that /board, /plan and /board report share: a trailing "in <plan>", a trailing
"anyway", a date with a time, a list of theme numbers."""

from __future__ import annotations

import re
from datetime import time

from commands.args import Args
from commands.errors import UsageError
from store.dates import looks_like_time, parse_time
from store.domain import is_ref

# "… in send" names the plan; a slug is one word, so "in 2 weeks" is never read as one.
_IN_PLAN = re.compile(r"\s+in\s+([a-z][a-z0-9-]{0,39})\s*$", re.I)
THEME_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)
_ANYWAY = re.compile(r"(?:^|\s+)anyway\s*$", re.I)


def in_plan(args: Args) -> str | None:
    """Take a trailing 'in <plan>' off the arguments, and return the plan's short name."""
    text = " " + args.text
    m = _IN_PLAN.search(text)
    if m is None:
        return None
    args.text = text[: m.start()].strip()
    return m[1].lower()


def plan_and_anyway(args: Args) -> tuple[str | None, bool]:
    """Take a trailing 'in <plan>' and 'anyway' (in either order) off the arguments."""
    anyway = _take_anyway(args)
    plan = in_plan(args)
    return plan, _take_anyway(args) or anyway


def _take_anyway(args: Args) -> bool:
    m = _ANYWAY.search(args.text)
    if m is None:
        return False
    args.text = args.text[: m.start()].strip()
    return True


def date_and_time(text: str) -> tuple[str, time | None]:
    """'19/02/2027 14:00', '19 Feb at 2 pm' -> the date's words and the time, if any."""
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in ("am", "pm"):
        words[-2:] = [words[-2] + words[-1]]
    if not words or not looks_like_time(words[-1]):
        return " ".join(words), None
    at = parse_time(words[-1])
    words = words[:-1]
    if words and words[-1].lower() == "at":
        words = words[:-1]
    return " ".join(words), at


def theme_list(text: str) -> tuple[str, ...]:
    """'1,4', '1, 4', '1 and 4' or '1 4' -> ('1', '4'); 'none' -> ()."""
    if text.strip().lower() in ("none", "clear", "-"):
        return ()
    numbers = [n.rstrip(".") for n in THEME_SEPARATORS.sub(" ", text).split()]
    for number in numbers:
        if not is_ref(number):
            raise UsageError(f"'{number}' is not a theme number. Type them like: themes 1,4.")
    if not numbers:
        raise UsageError("The theme numbers are missing. Type them like: themes 1,4.")
    return tuple(numbers)
