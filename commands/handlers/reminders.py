"""Handlers for /remind: away, snooze, back."""

from __future__ import annotations

from datetime import timedelta

from commands import permissions, resolve
from commands.context import Context, Reply
from commands.errors import UserError
from commands.syntax import RemindAway, RemindBack, RemindSnooze
from commands.views import Notice
from store.dates import uk


def away(cmd: RemindAway, ctx: Context) -> Reply:
    today = ctx.today()
    if cmd.until < today:
        raise UserError(
            f"{uk(cmd.until)} has passed. Give the date you are back, such as next Monday."
        )
    person = ctx.person
    delegate_text = ""
    if cmd.delegate is not None:
        plan = resolve.plan(ctx, None)
        delegate = resolve.person(ctx, plan, cmd.delegate)
        if delegate.id == person.id:
            raise UserError("You cannot be your own delegate. Name someone else, or leave it out.")
        person.delegate_id = delegate.id
        delegate_text = f" {delegate.display} gets your reminders and can update your actions."
    person.away_until = cmd.until
    return Reply(
        "chat/notice",
        Notice(f"No reminders until you are back after {uk(cmd.until)}.{delegate_text}"),
    )


def snooze(cmd: RemindSnooze, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, cmd.target)
    permissions.require_update(ctx.session, plan, ctx.person, action, "snooze reminders for")
    until = ctx.today(plan) + timedelta(days=cmd.days)
    action.snoozed_until = until
    return Reply("chat/notice", Notice(f"No reminders about {action.ref} until {uk(until)}."))


def back(cmd: RemindBack, ctx: Context) -> Reply:
    was_away = ctx.person.is_away(ctx.today())
    ctx.person.away_until = None
    text = "Welcome back: reminders start again tomorrow." if was_away else "Reminders are on."
    return Reply("chat/notice", Notice(text))
