"""Readers for /plan commands: the settings a plan lead tunes."""

from __future__ import annotations

import re
from collections.abc import Callable

from commands.args import Args
from commands.errors import UsageError
from commands.grammar_boards import date_and_time, in_plan
from commands.syntax_boards import (
    PlanChannel,
    PlanClosure,
    PlanDigest,
    PlanLabel,
    PlanRegion,
    PlanReminders,
    PlanSettings,
    PlanSwitch,
    PlanTimezone,
    Switch,
)
from store.dates import DateError, read_weekday
from store.plan_settings import SettingError, read_channel
from store.policy import KIND_WORDS
from store.workdays import RegionError, read_region

_ON = {"on", "yes", "true", "required", "require"}
_OFF = {"off", "no", "false", "none", "not required"}
_DAYS = re.compile(r"^(\d{1,3})(?:\s+(?:working\s+)?days?)?$")


def plan_settings(args: Args) -> PlanSettings:
    plan = in_plan(args)
    args.end()
    return PlanSettings(plan)


def plan_channel(args: Args) -> PlanChannel:
    plan = in_plan(args)
    word = args.expect("The channel (#channel-name, or 'here' in the channel)")
    args.end()
    if word.lower() == "here":
        return PlanChannel("here", plan)
    try:
        return PlanChannel(read_channel(word), plan)
    except SettingError as error:
        raise UsageError(str(error)) from None


def plan_timezone(args: Args) -> PlanTimezone:
    plan = in_plan(args)
    zone = args.expect("The time zone (such as Europe/London)")
    args.end()
    return PlanTimezone(zone, plan)


def plan_region(args: Args) -> PlanRegion:
    plan = in_plan(args)
    text = args.rest()
    if not text:
        raise UsageError("The nation is missing: ENG, WLS, SCT or NIR.")
    try:
        return PlanRegion(read_region(text), plan)
    except RegionError as error:
        raise UsageError(str(error)) from None


def plan_digest(args: Args) -> PlanDigest:
    plan = in_plan(args)
    word = args.expect("The day of the week")
    try:
        weekday = read_weekday(word)
    except DateError as error:
        raise UsageError(str(error)) from None
    rest, at = date_and_time(args.rest())
    if at is None or rest:
        raise UsageError("Give the day, then the time, such as: /plan digest Monday 09:00.")
    return PlanDigest(weekday, at, plan)


def plan_closure(args: Args) -> PlanClosure:
    plan = in_plan(args)
    if (args.peek() or "").lower() in ("clear", "none", "reset"):
        args.take()
        args.end()
        return PlanClosure(None, clear=True, plan=plan)
    first = args.until("to", "until")
    start = args.date(first, "The first closure day")
    end = None
    if args.take() is not None:
        end = args.date(args.rest(), "The last closure day")
    return PlanClosure(start, end, plan=plan)


def plan_labels(args: Args) -> PlanLabel:
    # No "in <plan>" here: a label is free text and may end with "in …".
    status = args.status()
    label = " ".join(args.rest().strip().strip('"').split())
    if not label:
        raise UsageError("The label is missing: type it after the status, or 'default'.")
    return PlanLabel(status, None if label.lower() in ("default", "reset") else label)


def switch(setting: Switch) -> Callable[[Args], PlanSwitch]:
    """The reader of /plan evidence, /plan signoff and /plan confirmations."""

    def read(args: Args) -> PlanSwitch:
        plan = in_plan(args)
        return PlanSwitch(setting, on_off(args.rest()), plan)

    read.__name__ = f"plan_{setting}"
    return read


def on_off(text: str) -> bool:
    word = " ".join(text.lower().split())
    if word in _ON:
        return True
    if word in _OFF:
        return False
    shown = f"'{text.strip()}' is not on or off." if word else "Say on or off."
    raise UsageError(f"{shown} Type on or off.")


def plan_reminders(args: Args) -> PlanReminders:
    plan = in_plan(args)
    words = args.rest().split()
    if not words:
        raise UsageError(f"Say which reminders ({KIND_WORDS}), then on, off or a number of days.")
    for cut in range(len(words) - 1, 0, -1):
        kind, setting = " ".join(words[:cut]), " ".join(words[cut:]).lower()
        if m := _DAYS.match(setting):
            return PlanReminders(kind, days=int(m[1]), plan=plan)
        if setting in _ON or setting in _OFF:
            return PlanReminders(kind, enabled=setting in _ON, plan=plan)
    raise UsageError(
        f"After the kind of reminder ({KIND_WORDS}), type on, off or a number of days."
    )
