"""help: the command table, read back to the user."""

from __future__ import annotations

from dataclasses import dataclass

from commands.context import Context, Reply
from commands.errors import UsageError
from commands.syntax import Help
from commands.table import GROUPS, TABLE, Spec, in_group
from commands.text import did_you_mean, nearest


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    summary: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class HelpView:
    title: str
    entries: list[HelpEntry]
    detailed: bool
    footer: str


def _entry(spec: Spec) -> HelpEntry:
    return HelpEntry(spec.usage, spec.summary, spec.examples)


def show(cmd: Help, ctx: Context | None = None) -> Reply:
    topic = (cmd.topic or "").lstrip("/")
    if not topic:
        entries = [_entry(s) for s in TABLE]
        footer = "For examples: /action help, /kpi help, /remind help, /board help, /plan help."
        return Reply("chat/help", HelpView("improvebot commands", entries, False, footer))
    if topic in GROUPS:
        entries = [_entry(s) for s in in_group(topic)]
        title = f"/{topic}: {GROUPS[topic]}"
        return Reply("chat/help", HelpView(title, entries, True, "Type help for every command."))
    for spec in TABLE:
        if topic in (spec.name, spec.verb):
            return Reply("chat/help", HelpView(spec.usage, [_entry(spec)], True, ""))
    hint = did_you_mean(nearest(topic, [*GROUPS, *(s.name for s in TABLE)], n=1))
    raise UsageError(f"There is no help on '{topic}'.{hint} Type help to see every command.")
