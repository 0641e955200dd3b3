"""The one command table: it drives parsing, help, usage lines and "did you mean".

Each example is both help text and a test: tests parse every example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commands import grammar, grammar_reports
from commands import grammar_boards as boards
from commands import grammar_plans as plans
from commands.args import Args
from commands.syntax import Command


@dataclass(frozen=True)
class Spec:
    group: str
    verb: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    read: Callable[[Args], Command]

    @property
    def name(self) -> str:
        return f"{self.group} {self.verb}"


GROUPS = {
    "action": "update and read actions",
    "kpi": "record and read performance indicators",
    "remind": "control your reminders",
    "board": "Improvement Board meetings",
    "plan": "plan settings (plan leads change them)",
    "digest": "the weekly digest",
}

TABLE: tuple[Spec, ...] = (
    Spec(
        "action", "update", "/action update <ref> <status> [note]",
        "Set an action's status, with an optional note. Short form: /action <ref> <status> [note].",
        ("/action update 4.2 green Backlog cleared", "/action 4.2 amber Two posts still vacant"),
        grammar.update,
    ),
    Spec(
        "action", "note", "/action note <ref> <text>",
        "Add a progress note without changing the status.",
        ("/action note 4.2 Audit booked for March",),
        grammar.note,
    ),
    Spec(
        "action", "due", "/action due <ref> <date> because <reason>",
        "Move the due date; the reason is kept in the history.",
        ("/action due 4.2 31/03/2027 because recruitment was delayed",),
        grammar.due,
    ),
    Spec(
        "action", "evidence", "/action evidence <ref> <url or text>",
        "Attach evidence: a link or a reference into the evidence library.",
        ("/action evidence 4.2 https://intranet.example/a.pdf", "/action evidence 4.2 EV-QA-011"),
        grammar.evidence,
    ),
    Spec(
        "action", "done", "/action done <ref> [note]",
        "Mark an action complete (a plan may ask for evidence first, or a plan lead's sign-off).",
        ("/action done 4.2 All cases reallocated",),
        grammar.done,
    ),
    Spec(
        "action", "signoff", "/action signoff <ref>",
        "Plan leads: accept a completed action and close it.",
        ("/action signoff 4.2",),
        grammar.signoff,
    ),
    Spec(
        "action", "assign", "/action assign <ref> <@person or email>",
        "Give an action to a new owner.",
        ("/action assign 4.2 @sam.patel", "/action assign 4.2 sam.patel@council.gov.uk"),
        grammar.assign,
    ),
    Spec(
        "action", "show", "/action show <ref>",
        "Everything about one action.",
        ("/action show 4.2",),
        grammar.show,
    ),
    Spec(
        "action", "history", "/action history <ref>",
        "Every change to an action: who, when, what and why.",
        ("/action history 4.2",),
        grammar.history,
    ),
    Spec(
        "action", "list",
        "/action list [mine | overdue | due | stale | red | amber | theme <n> | @person]",
        "List actions: yours by default.",
        ("/action list", "/action list overdue", "/action list theme 4", "/action list @sam.patel"),
        grammar.listing,
    ),
    Spec(
        "action", "add", '/action add <ref> "<title>" owner <@person> due <date> [theme <n>]',
        "Plan and theme leads: add an action to the plan.",
        ('/action add 4.6 "Audit return home interviews" owner @sam.patel due 30/06/2027',),
        grammar.add,
    ),
    Spec(
        "kpi", "update", "/kpi update <code> <value> [period]",
        "Record a KPI's value for a period (this month if you leave it out).",
        ("/kpi update K1 86%", "/kpi update K3 18.5 Oct 2026"),
        grammar.kpi_update,
    ),
    Spec(
        "kpi", "show", "/kpi show <code>",
        "A KPI's target, latest readings, RAG and direction of travel.",
        ("/kpi show K1",),
        grammar.kpi_show,
    ),
    Spec(
        "kpi", "list", "/kpi list",
        "Every KPI with its latest value and RAG.",
        ("/kpi list",),
        grammar.kpi_list,
    ),
    Spec(
        "remind", "away", "/remind away until <date> [delegate @person]",
        "No reminders until you are back; your delegate gets them meanwhile.",
        ("/remind away until 05/01/2027 delegate @sam.patel", "/remind away until next Monday"),
        grammar.remind_away,
    ),
    Spec(
        "remind", "snooze", "/remind snooze <ref> <days>",
        "No reminders about one action for a while.",
        ("/remind snooze 4.2 7", "/remind snooze 4.2 2 weeks"),
        grammar.remind_snooze,
    ),
    Spec(
        "remind", "back", "/remind back",
        "You are back: reminders start again.",
        ("/remind back",),
        grammar.remind_back,
    ),
    Spec(
        "board", "next", "/board next",
        "The next board meeting: when, themes in focus, updates and papers deadlines.",
        ("/board next",),
        boards.board_next,
    ),
    Spec(
        "board", "agenda", "/board agenda",
        "The next meeting's themes with their actions, then red, overdue and moved actions.",
        ("/board agenda",),
        boards.board_agenda,
    ),
    Spec(
        "board", "list", "/board list",
        "Upcoming board meetings, moved and cancelled ones included.",
        ("/board list",),
        boards.board_list,
    ),
    Spec(
        "board", "schedule", "/board schedule <rule>",
        "Plan leads: set the board's series; it replaces the current one from its first meeting.",
        (
            "/board schedule every 6 weeks on Thursday at 10:00 from 12/02/2027",
            "/board schedule monthly on the first Tuesday at 14:00 from 02/03/2027",
        ),
        boards.board_schedule,
    ),
    Spec(
        "board", "add", "/board add <date> <time> [themes 1,4]",
        "Plan leads: add a one-off meeting.",
        ("/board add 25/03/2027 10:00 themes 1,4", "/board add 9 Apr 2027 2pm"),
        boards.board_add,
    ),
    Spec(
        "board", "move", "/board move <date> to <date> [time]",
        "Plan leads: move one meeting, named by its current date.",
        ("/board move 18/02/2027 to 25/02/2027", "/board move 18/02/2027 to 19/02/2027 14:00"),
        boards.board_move,
    ),
    Spec(
        "board", "cancel", "/board cancel <date>",
        "Plan leads: cancel one meeting; it stays in the list as cancelled.",
        ("/board cancel 18/02/2027",),
        boards.board_cancel,
    ),
    Spec(
        "board", "themes", "/board themes <date> <n,n>",
        "Plan leads: choose a meeting's themes in focus ('none' for none).",
        ("/board themes 18/02/2027 1,4", "/board themes 18/02/2027 none"),
        boards.board_themes,
    ),
    Spec(
        "board", "report", "/board report [<date>] [pdf | html | md | xlsx]",
        "The board pack for the next meeting (or the one on that date), sent to you as a file.",
        ("/board report", "/board report 17/12/2026 html"),
        grammar_reports.board_report,
    ),
    Spec(
        "digest", "preview", "/digest preview",
        "Exactly what the next weekly digest would post in the plan's channel.",
        ("/digest preview",),
        grammar_reports.digest_preview,
    ),
    Spec(
        "plan", "settings", "/plan settings",
        "Everything a plan lead can tune, with the defaults.",
        ("/plan settings",),
        plans.plan_settings,
    ),
    Spec(
        "plan", "channel", "/plan channel <#channel>",
        "Plan leads: the channel for the digest and board reminders ('here' for this one).",
        ("/plan channel #improvement", "/plan channel here"),
        plans.plan_channel,
    ),
    Spec(
        "plan", "timezone", "/plan timezone <Area/City>",
        "Plan leads: the plan's time zone.",
        ("/plan timezone Europe/London",),
        plans.plan_timezone,
    ),
    Spec(
        "plan", "region", "/plan region <ENG|WLS|SCT|NIR>",
        "Plan leads: the nation whose bank holidays are not working days.",
        ("/plan region SCT", "/plan region Northern Ireland"),
        plans.plan_region,
    ),
    Spec(
        "plan", "digest", "/plan digest <weekday> <HH:MM>",
        "Plan leads: when the weekly digest is posted.",
        ("/plan digest Monday 09:00",),
        plans.plan_digest,
    ),
    Spec(
        "plan", "closure", "/plan closure <date> [to <date>] | clear",
        "Plan leads: days the council is closed (no reminders, not working days).",
        (
            "/plan closure 24/12/2026 to 01/01/2027",
            "/plan closure 28/05/2027",
            "/plan closure clear",
        ),
        plans.plan_closure,
    ),
    Spec(
        "plan", "labels", "/plan labels <status> <label>",
        "Plan leads: the plan's own word for a status ('default' for the usual one).",
        ("/plan labels green On track", "/plan labels green default"),
        plans.plan_labels,
    ),
    Spec(
        "plan", "evidence", "/plan evidence on|off",
        "Plan leads: require evidence before an action can be complete.",
        ("/plan evidence on",),
        plans.switch("evidence"),
    ),
    Spec(
        "plan", "signoff", "/plan signoff on|off",
        "Plan leads: require a plan lead's sign-off to close a completed action.",
        ("/plan signoff on",),
        plans.switch("signoff"),
    ),
    Spec(
        "plan", "confirmations", "/plan confirmations on|off",
        "Plan leads: post status changes to the plan's channel.",
        ("/plan confirmations off",),
        plans.switch("confirmations"),
    ),
    Spec(
        "plan", "reminders", "/plan reminders <kind> on|off|<days>",
        "Plan leads: turn a kind of reminder (due, overdue, stale, board, escalation) on, off or "
        "set its days.",
        ("/plan reminders stale 35", "/plan reminders escalation off", "/plan reminders board 3"),
        plans.plan_reminders,
    ),
)  # fmt: skip


def spec(group: str, verb: str) -> Spec | None:
    for entry in TABLE:
        if entry.group == group and entry.verb == verb:
            return entry
    return None


def verbs(group: str) -> list[str]:
    return [entry.verb for entry in TABLE if entry.group == group]


def in_group(group: str) -> list[Spec]:
    return [entry for entry in TABLE if entry.group == group]
