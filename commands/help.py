"""help: the command table, read back to the user."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from commands.context import Reply
from commands.errors import UsageError
from commands.spec import Spec
from commands.text import did_you_mean, nearest


@dataclass(frozen=True)
class Help:
    topic: str | None = None


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


def show(cmd: Help, table: Sequence[Spec], groups: Mapping[str, str]) -> Reply:
    topic = (cmd.topic or "").lstrip("/")
    if not topic:
        entries = [_entry(s) for s in table]
        footer = "For examples: " + ", ".join(f"/{g} help" for g in groups if g != "digest") + "."
        return Reply("chat/help", HelpView("improvebot commands", entries, False, footer))
    if topic in groups:
        entries = [_entry(s) for s in table if s.group == topic]
        title = f"/{topic}: {groups[topic]}"
        return Reply("chat/help", HelpView(title, entries, True, "Type help for every command."))
    for spec in table:
        if topic in (spec.name, spec.verb):
            return Reply("chat/help", HelpView(spec.usage, [_entry(spec)], True, ""))
    hint = did_you_mean(nearest(topic, [*groups, *(s.name for s in table)], n=1))
    raise UsageError(f"There is no help on '{topic}'.{hint} Type help to see every command.")
