"""Which handler answers which command type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commands import syntax
from commands.context import Context, Reply
from commands.handlers import actions, help, kpis, reading, reminders

HANDLERS: dict[type[Any], Callable[[Any, Context], Reply]] = {
    syntax.UpdateAction: actions.update,
    syntax.NoteAction: actions.note,
    syntax.MoveDue: actions.due,
    syntax.AddEvidence: actions.evidence,
    syntax.CompleteAction: actions.done,
    syntax.SignOff: actions.signoff,
    syntax.AssignAction: actions.assign,
    syntax.AddAction: actions.add,
    syntax.ShowAction: reading.show,
    syntax.ShowHistory: reading.show_history,
    syntax.ListActions: reading.listing,
    syntax.KpiUpdate: kpis.update,
    syntax.KpiShow: kpis.show,
    syntax.KpiList: kpis.listing,
    syntax.RemindAway: reminders.away,
    syntax.RemindSnooze: reminders.snooze,
    syntax.RemindBack: reminders.back,
    syntax.Help: help.show,
}


def handle(command: syntax.Command, ctx: Context) -> Reply:
    return HANDLERS[type(command)](command, ctx)
