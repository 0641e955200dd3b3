"""A row of the command table: everything about one command in one place.

A feature module (commands/actions, kpis, boards, plans, reminders, reports) declares its
commands' types, readers and handlers, and lists them in ROWS; commands.table gathers the
rows. Parsing, dispatch, usage lines, help and "did you mean" all read the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commands.args import Args
from commands.context import Context, Reply

# A typed command: a frozen dataclass that a reader makes and a handler takes.
Command = Any


@dataclass(frozen=True)
class Spec:
    group: str
    verb: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    # The type the reader returns and the handler takes.
    command: type
    read: Callable[[Args], Command]
    handle: Callable[[Any, Context], Reply]

    @property
    def name(self) -> str:
        return f"{self.group} {self.verb}"
