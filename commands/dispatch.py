"""Which handler answers which command type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from commands import syntax, syntax_boards, syntax_reports
from commands.context import Context, Reply
from commands.handlers import (
    actions,
    agenda,
    boards,
    help,
    kpis,
    plan_settings,
    reading,
    reminders,
    reports,
)

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
    syntax_boards.BoardNext: boards.next_meeting,
    syntax_boards.BoardAgenda: agenda.show,
    syntax_boards.BoardList: boards.listing,
    syntax_boards.BoardSchedule: boards.schedule,
    syntax_boards.BoardAdd: boards.add,
    syntax_boards.BoardMove: boards.move,
    syntax_boards.BoardCancel: boards.cancel,
    syntax_boards.BoardThemes: boards.themes,
    syntax_reports.BoardReport: reports.board_report,
    syntax_reports.DigestPreview: reports.digest_preview,
    syntax_boards.PlanSettings: plan_settings.show,
    syntax_boards.PlanChannel: plan_settings.channel,
    syntax_boards.PlanTimezone: plan_settings.timezone,
    syntax_boards.PlanRegion: plan_settings.region,
    syntax_boards.PlanDigest: plan_settings.digest,
    syntax_boards.PlanClosure: plan_settings.closure,
    syntax_boards.PlanLabel: plan_settings.labels,
    syntax_boards.PlanSwitch: plan_settings.switch,
    syntax_boards.PlanReminders: plan_settings.reminders,
}


def handle(command: syntax.Command, ctx: Context) -> Reply:
    return HANDLERS[type(command)](command, ctx)
