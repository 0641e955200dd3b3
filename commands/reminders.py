"""/reminders: away (with a delegate), snooze one action, back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from commands import permissions, resolve
from commands.args import ActionRef, Args, PersonRef, read_ref
from commands.context import Context, Reply
from commands.errors import UsageError, UserError
from commands.spec import Spec
from commands.views import Notice
from store.dates import uk

WELCOME_BACK = "Welcome back: reminders start again tomorrow."
REMINDERS_ON = "Reminders are on."
_SNOOZE = re.compile(r"^(\d+|a|an|one|two)\s*(d|day|days|w|wk|week|weeks)?$")


@dataclass(frozen=True)
class RemindAway:
    until: date
    delegate: PersonRef | None = None


@dataclass(frozen=True)
class RemindSnooze:
    target: ActionRef
    days: int


@dataclass(frozen=True)
class RemindBack:
    pass


# -- readers ------------------------------------------------------------------------------------
def read_away(args: Args) -> RemindAway:
    if (args.peek() or "").lower() == "until":
        args.take()
    when = args.until("delegate")
    until = args.date(when, "The date you are back")
    delegate = None
    if args.take() is not None:
        delegate = args.person("The delegate")
    args.end()
    return RemindAway(until, delegate)


def read_snooze(args: Args) -> RemindSnooze:
    target: ActionRef = read_ref(args.expect("The action ref (such as 4.2)"))
    text = " ".join(args.rest().lower().split()) or "7"
    m = _SNOOZE.match(text)
    if not m:
        raise UsageError(f"'{text}' is not a number of days. Type 7, 14 days or 2 weeks.")
    count = {"a": 1, "an": 1, "one": 1, "two": 2}.get(m[1]) or int(m[1])
    days = count * 7 if (m[2] or "").startswith("w") else count
    if not 1 <= days <= 90:
        raise UsageError("Snooze for 1 to 90 days.")
    return RemindSnooze(target, days)


def read_back(args: Args) -> RemindBack:
    args.end()
    return RemindBack()


# -- handlers -----------------------------------------------------------------------------------
def away(cmd: RemindAway, ctx: Context) -> Reply:
    today = ctx.today()
    if cmd.until < today:
        raise UserError(
            f"{uk(cmd.until)} has passed. Give the date you are back, such as next Monday."
        )
    person = ctx.person
    delegate_name = None
    # Each absence names its own delegate: without one, an earlier delegate has no rights.
    person.delegate_id = None
    if cmd.delegate is not None:
        plan = resolve.plan(ctx, None)
        delegate = resolve.person(ctx, plan, cmd.delegate)
        if delegate.id == person.id:
            raise UserError("You cannot be your own delegate. Name someone else, or leave it out.")
        person.delegate_id = delegate.id
        delegate_name = delegate.display
    person.away_until = cmd.until
    return Reply("chat/away", {"until": uk(cmd.until), "delegate": delegate_name})


def snooze(cmd: RemindSnooze, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(
        ctx.session, plan, ctx.person, action, ctx.today(plan), "snooze reminders for"
    )
    until = ctx.today(plan) + timedelta(days=cmd.days)
    action.snoozed_until = until
    return Reply("chat/snoozed", {"ref": action.ref, "until": uk(until)})


def back(cmd: RemindBack, ctx: Context) -> Reply:
    person = ctx.person
    was_away = person.is_away(ctx.today())
    delegate = person.delegate
    person.away_until = None
    # Back means back: the delegate's rights end now, not when the away date runs out.
    person.delegate_id = None
    text = WELCOME_BACK if was_away else REMINDERS_ON
    if delegate is not None and was_away:
        text += f" {delegate.display} no longer acts for you."
    return Reply("chat/notice", Notice(text))


ROWS = (
    Spec(
        "reminders", "away", "/reminders away until <date> [delegate @person]",
        "No reminders until you are back; your delegate gets them meanwhile.",
        (
            "/reminders away until 05/01/2027 delegate @sam.patel",
            "/reminders away until next Monday",
        ),
        RemindAway, read_away, away,
    ),
    Spec(
        "reminders", "snooze", "/reminders snooze <ref> <days>",
        "No reminders about one action for a while.",
        ("/reminders snooze 4.2 7", "/reminders snooze 4.2 2 weeks"),
        RemindSnooze, read_snooze, snooze,
    ),
    Spec(
        "reminders", "back", "/reminders back",
        "You are back: reminders start again.",
        ("/reminders back",),
        RemindBack, read_back, back,
    ),
)  # fmt: skip
