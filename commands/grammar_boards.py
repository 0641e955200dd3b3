"""Readers for /board commands: dates, times and theme lists after the verb."""

from __future__ import annotations

import re
from datetime import time

from commands.args import Args
from commands.errors import UsageError
from commands.syntax_boards import (
    BoardAdd,
    BoardAgenda,
    BoardCancel,
    BoardList,
    BoardMove,
    BoardNext,
    BoardSchedule,
    BoardThemes,
)
from store.boards.rules import RuleError, parse_rule
from store.dates import TimeError, looks_like_time, parse_time
from store.domain import is_ref

# "… in send" names the plan; a slug is one word, so "in 2 weeks" is never read as one.
_IN_PLAN = re.compile(r"\s+in\s+([a-z][a-z0-9-]{0,39})\s*$", re.I)
_THEME_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)


def in_plan(args: Args) -> str | None:
    """Take a trailing 'in <plan>' off the arguments, and return the plan's short name."""
    text = " " + args.text
    m = _IN_PLAN.search(text)
    if m is None:
        return None
    args.text = text[: m.start()].strip()
    return m[1].lower()


def date_and_time(text: str) -> tuple[str, time | None]:
    """'19/02/2027 14:00', '19 Feb at 2 pm' -> the date's words and the time, if any."""
    words = text.split()
    if len(words) >= 2 and words[-1].lower() in ("am", "pm"):
        words[-2:] = [words[-2] + words[-1]]
    if not words or not looks_like_time(words[-1]):
        return " ".join(words), None
    try:
        at = parse_time(words[-1])
    except TimeError as error:
        raise UsageError(str(error)) from None
    words = words[:-1]
    if words and words[-1].lower() == "at":
        words = words[:-1]
    return " ".join(words), at


def themes(text: str) -> tuple[str, ...]:
    """'1,4', '1, 4', '1 and 4' or '1 4' -> ('1', '4'); 'none' -> ()."""
    if text.strip().lower() in ("none", "clear", "-"):
        return ()
    numbers = [n.rstrip(".") for n in _THEME_SEPARATORS.sub(" ", text).split()]
    for number in numbers:
        if not is_ref(number):
            raise UsageError(f"'{number}' is not a theme number. Type them like: themes 1,4.")
    if not numbers:
        raise UsageError("The theme numbers are missing. Type them like: themes 1,4.")
    return tuple(numbers)


def board_next(args: Args) -> BoardNext:
    plan = in_plan(args)
    args.end()
    return BoardNext(plan)


def board_agenda(args: Args) -> BoardAgenda:
    plan = in_plan(args)
    args.end()
    return BoardAgenda(plan)


def board_list(args: Args) -> BoardList:
    plan = in_plan(args)
    args.end()
    return BoardList(plan)


def board_schedule(args: Args) -> BoardSchedule:
    plan = in_plan(args)
    try:
        rule = parse_rule(args.rest(), args.today)
    except RuleError as error:
        raise UsageError(str(error)) from None
    return BoardSchedule(rule, plan)


def board_add(args: Args) -> BoardAdd:
    plan = in_plan(args)
    body = args.until("themes", "theme")
    chosen: tuple[str, ...] = ()
    if args.take() is not None:
        chosen = themes(args.rest())
    when, at = date_and_time(body)
    if at is None:
        raise UsageError("Say what time the meeting starts, such as 10:00, after the date.")
    return BoardAdd(args.date(when, "The meeting's date"), at, chosen, plan)


def board_move(args: Args) -> BoardMove:
    plan = in_plan(args)
    when = args.until("to")
    if args.take() is None:
        raise UsageError("Say where to: the meeting's date, then 'to' and the new date.")
    to_text, at = date_and_time(args.rest())
    day = args.date(when, "The meeting's current date")
    return BoardMove(day, args.date(to_text, "The new date"), at, plan)


def board_cancel(args: Args) -> BoardCancel:
    plan = in_plan(args)
    return BoardCancel(args.date(args.rest(), "The meeting's date"), plan)


def board_themes(args: Args) -> BoardThemes:
    plan = in_plan(args)
    text = _THEME_SEPARATORS.sub(",", args.rest())
    when, _, last = text.rpartition(" ")
    if not when:
        raise UsageError("Give the meeting's date, then the theme numbers, such as 1,4.")
    return BoardThemes(args.date(when, "The meeting's date"), themes(last), plan)
