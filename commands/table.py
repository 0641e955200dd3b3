"""The one command table, gathered from the feature modules' rows.

It drives parsing, dispatch, usage lines, help and "did you mean". Each example is both help
text and a test: tests parse every example and check it reads as its own command.
"""

from __future__ import annotations

from commands import actions, boards, help, kpis, plans, reminders, reports, risks, themes
from commands.context import Context, Reply
from commands.spec import Command, Spec

GROUPS = {
    "action": "update and read actions",
    "kpi": "record and read performance indicators",
    "risk": "the risk register",
    "reminders": "control your reminders",
    "board": "Improvement Board meetings",
    "plan": "plan settings and people (plan leads change them)",
    "theme": "themes and their leads",
    "digest": "the weekly digest",
}

# Other names for a group, where no platform owns them: Slack keeps /remind for itself (its
# built-in reminders), but the console and Teams take "remind" too.
ALIASES = {"remind": "reminders"}
# One command that carries any other, for workspaces where another app took /action or /plan.
UMBRELLA = "improve"

TABLE: tuple[Spec, ...] = (
    *actions.ROWS,
    *kpis.ROWS,
    *risks.ROWS,
    *reminders.ROWS,
    *boards.ROWS,
    *reports.ROWS,
    *plans.ROWS,
    *themes.ROWS,
)


def spec(group: str, verb: str) -> Spec | None:
    for entry in TABLE:
        if entry.group == group and entry.verb == verb:
            return entry
    return None


def verbs(group: str) -> list[str]:
    return [entry.verb for entry in TABLE if entry.group == group]


def handle(command: Command, ctx: Context) -> Reply:
    """Run a typed command's handler (the form and buttons make commands without text)."""
    if isinstance(command, help.Help):
        return help.show(command, TABLE, GROUPS)
    for entry in TABLE:
        if isinstance(command, entry.command):
            return entry.handle(command, ctx)
    raise TypeError(f"no handler for {type(command).__name__}")
