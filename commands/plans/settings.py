"""/plan settings, and the settings plan leads change: channel, time zone, region, digest,
closure days, labels, evidence, sign-off, confirmations and reminders.

Each change replies with the new value, as the plan now has it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from commands import permissions, resolve
from commands.args import Args
from commands.boards.words import date_and_time, in_plan
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.plans.view import settings_view
from commands.spec import Spec
from store import plan_settings as settings
from store import workdays
from store.dates import read_weekday
from store.domain import Status
from store.models import Plan
from store.policy import KIND_WORDS


@dataclass(frozen=True)
class PlanSettings:
    plan: str | None = None


@dataclass(frozen=True)
class PlanChannel:
    channel: str  # "here": the channel the command was typed in
    plan: str | None = None


@dataclass(frozen=True)
class PlanTimezone:
    zone: str
    plan: str | None = None


@dataclass(frozen=True)
class PlanRegion:
    region: str
    plan: str | None = None


@dataclass(frozen=True)
class PlanDigest:
    weekday: int
    at: time
    plan: str | None = None


@dataclass(frozen=True)
class PlanClosure:
    start: date | None  # None with clear=True
    end: date | None = None
    clear: bool = False
    plan: str | None = None


@dataclass(frozen=True)
class PlanLabel:
    status: Status
    label: str | None  # None: back to the default word


Switch = Literal["evidence", "signoff", "confirmations"]


@dataclass(frozen=True)
class PlanSwitch:
    setting: Switch
    on: bool
    plan: str | None = None


@dataclass(frozen=True)
class PlanReminders:
    kind: str
    enabled: bool | None = None
    days: int | None = None
    plan: str | None = None


# -- readers -------------------------------------------------------------------------------------
_ON = {"on", "yes", "true", "required", "require"}
_OFF = {"off", "no", "false", "none", "not required"}
_DAYS = re.compile(r"^(\d{1,3})(?:\s+(?:working\s+)?days?)?$")


def read_settings(args: Args) -> PlanSettings:
    plan = in_plan(args)
    args.end()
    return PlanSettings(plan)


def read_channel(args: Args) -> PlanChannel:
    plan = in_plan(args)
    word = args.expect("The channel (#channel-name, or 'here' in the channel)")
    args.end()
    if word.lower() == "here":
        return PlanChannel("here", plan)
    return PlanChannel(settings.read_channel(word), plan)


def read_timezone(args: Args) -> PlanTimezone:
    plan = in_plan(args)
    zone = args.expect("The time zone (such as Europe/London)")
    args.end()
    return PlanTimezone(zone, plan)


def read_region(args: Args) -> PlanRegion:
    plan = in_plan(args)
    text = args.rest()
    if not text:
        raise UsageError("The nation is missing: ENG, WLS, SCT or NIR.")
    return PlanRegion(workdays.read_region(text), plan)


def read_digest(args: Args) -> PlanDigest:
    plan = in_plan(args)
    word = args.expect("The day of the week")
    weekday = read_weekday(word)
    rest, at = date_and_time(args.rest())
    if at is None or rest:
        raise UsageError("Give the day, then the time, such as: /plan digest Monday 09:00.")
    return PlanDigest(weekday, at, plan)


def read_closure(args: Args) -> PlanClosure:
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


def read_labels(args: Args) -> PlanLabel:
    # No "in <plan>" here: a label is free text and may end with "in …".
    status = args.status()
    label = " ".join(args.rest().strip().strip('"').split())
    if not label:
        raise UsageError("The label is missing: type it after the status, or 'default'.")
    return PlanLabel(status, None if label.lower() in ("default", "reset") else label)


def read_switch(setting: Switch) -> Callable[[Args], PlanSwitch]:
    """The reader of /plan evidence, /plan signoff and /plan confirmations."""

    def read(args: Args) -> PlanSwitch:
        plan = in_plan(args)
        return PlanSwitch(setting, on_off(args.rest()), plan)

    read.__name__ = f"read_{setting}"
    return read


def on_off(text: str) -> bool:
    word = " ".join(text.lower().split())
    if word in _ON:
        return True
    if word in _OFF:
        return False
    shown = f"'{text.strip()}' is not on or off." if word else "Say on or off."
    raise UsageError(f"{shown} Type on or off.")


def read_reminders(args: Args) -> PlanReminders:
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


# -- handlers ------------------------------------------------------------------------------------
def show(cmd: PlanSettings, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/plan settings")
    return Reply("chat/plan_settings", settings_view(ctx.session, plan))


def change_setting(
    ctx: Context, slug: str | None, verb: str, apply: Callable[[Plan], str]
) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, slug, f"/plan {verb}"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "change the plan's settings")
    echo = apply(plan)
    return Reply("chat/setting_changed", {"echo": echo, "plan": plan.name})


def channel(cmd: PlanChannel, ctx: Context) -> Reply:
    name = cmd.channel
    if name == "here":
        if not ctx.who.channel:
            raise UserError("Type /plan channel here in the channel itself, or name it: #channel.")
        name = ctx.who.channel
    return change_setting(
        ctx, cmd.plan, "channel", lambda p: f"the channel is now {settings.set_channel(p, name)}"
    )


def timezone(cmd: PlanTimezone, ctx: Context) -> Reply:
    return change_setting(
        ctx,
        cmd.plan,
        "timezone",
        lambda p: f"the time zone is now {settings.set_timezone(p, cmd.zone)}",
    )


def region(cmd: PlanRegion, ctx: Context) -> Reply:
    return change_setting(
        ctx,
        cmd.plan,
        "region",
        lambda p: (
            f"working days now follow the bank holidays of {settings.set_region(p, cmd.region)}"
        ),
    )


def digest(cmd: PlanDigest, ctx: Context) -> Reply:
    def apply(plan: Plan) -> str:
        when = settings.set_digest(plan, cmd.weekday, cmd.at, today=ctx.today(plan))
        return f"the weekly digest is now posted {when}"

    return change_setting(ctx, cmd.plan, "digest", apply)


def closure(cmd: PlanClosure, ctx: Context) -> Reply:
    def apply(plan: Plan) -> str:
        if cmd.clear or cmd.start is None:
            settings.clear_closures(plan)
            return "there are no closure days now"
        settings.add_closure(plan, cmd.start, cmd.end)
        return f"closure days are now {settings.closures_text(plan)}"

    return change_setting(ctx, cmd.plan, "closure", apply)


def labels(cmd: PlanLabel, ctx: Context) -> Reply:
    return change_setting(
        ctx, None, "labels", lambda p: settings.set_label(p, cmd.status, cmd.label)
    )


def switch(cmd: PlanSwitch, ctx: Context) -> Reply:
    return change_setting(
        ctx, cmd.plan, cmd.setting, lambda p: settings.set_switch(p, cmd.setting, cmd.on)
    )


def reminders(cmd: PlanReminders, ctx: Context) -> Reply:
    return change_setting(
        ctx,
        cmd.plan,
        "reminders",
        lambda p: settings.set_reminder(p, cmd.kind, enabled=cmd.enabled, days=cmd.days),
    )


ROWS = (
    Spec(
        "plan", "settings", "/plan settings",
        "Everything a plan lead can tune, with the defaults.",
        ("/plan settings",),
        PlanSettings, read_settings, show,
    ),
    Spec(
        "plan", "channel", "/plan channel <#channel>",
        "Plan leads: the channel for the digest and board reminders ('here' for this one).",
        ("/plan channel #improvement", "/plan channel here"),
        PlanChannel, read_channel, channel,
    ),
    Spec(
        "plan", "timezone", "/plan timezone <Area/City>",
        "Plan leads: the plan's time zone.",
        ("/plan timezone Europe/London",),
        PlanTimezone, read_timezone, timezone,
    ),
    Spec(
        "plan", "region", "/plan region <ENG|WLS|SCT|NIR>",
        "Plan leads: the nation whose bank holidays are not working days.",
        ("/plan region SCT", "/plan region Northern Ireland"),
        PlanRegion, read_region, region,
    ),
    Spec(
        "plan", "digest", "/plan digest <weekday> <HH:MM>",
        "Plan leads: when the weekly digest is posted.",
        ("/plan digest Monday 09:00",),
        PlanDigest, read_digest, digest,
    ),
    Spec(
        "plan", "closure", "/plan closure <date> [to <date>] | clear",
        "Plan leads: days the council is closed (no reminders, not working days).",
        (
            "/plan closure 24/12/2026 to 01/01/2027",
            "/plan closure 28/05/2027",
            "/plan closure clear",
        ),
        PlanClosure, read_closure, closure,
    ),
    Spec(
        "plan", "labels", "/plan labels <status> <label>",
        "Plan leads: the plan's own word for a status ('default' for the usual one).",
        ("/plan labels green On track", "/plan labels green default"),
        PlanLabel, read_labels, labels,
    ),
    Spec(
        "plan", "evidence", "/plan evidence on|off",
        "Plan leads: require evidence before an action can be complete.",
        ("/plan evidence on",),
        PlanSwitch, read_switch("evidence"), switch,
    ),
    Spec(
        "plan", "signoff", "/plan signoff on|off",
        "Plan leads: require a plan lead's sign-off to close a completed action.",
        ("/plan signoff on",),
        PlanSwitch, read_switch("signoff"), switch,
    ),
    Spec(
        "plan", "confirmations", "/plan confirmations on|off",
        "Plan leads: post status changes to the plan's channel.",
        ("/plan confirmations off",),
        PlanSwitch, read_switch("confirmations"), switch,
    ),
    Spec(
        "plan", "reminders", "/plan reminders <kind> on|off|<days>",
        "Plan leads: turn a kind of reminder (due, overdue, stale, board, escalation, risk) on, "
        "off or set its days.",
        ("/plan reminders stale 35", "/plan reminders escalation off", "/plan reminders board 3"),
        PlanReminders, read_reminders, reminders,
    ),
)  # fmt: skip
