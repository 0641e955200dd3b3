"""Block Kit shapes: an action with its buttons, reminder messages, pressed-button receipts.

Text inside blocks comes from templates (escaped for mrkdwn there); this module only arranges
blocks and keeps them inside Slack's limits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import templates

PREFIX = "improvebot:"
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
TEXT_LIMIT = 3000

# action id suffix, label, style
BUTTONS = (
    ("set_green", "Green", None),
    ("set_amber", "Amber", None),
    ("set_red", "Red", "danger"),
    ("done", "Complete", "primary"),
    ("snooze", "Snooze a week", None),
    ("form", "Add update…", None),
)


class LineLike(Protocol):
    """What an action line shows (commands.views.ActionLine, store.notify.views.Line)."""

    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def due(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def overdue_days(self) -> int: ...


@dataclass(frozen=True)
class ActionItem:
    """One action in a reminder or on App Home: its line, its plan, and why it is listed."""

    line: LineLike
    plan: str
    why: str | None = None
    show_owner: bool = False


Block = dict[str, Any]


def mrkdwn(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text)}]}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150] or " "}}


def _clip(text: str) -> str:
    text = text or " "
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def block_id(plan: str, ref: str) -> str:
    return f"act|{plan}|{ref}"


def buttons(plan: str, ref: str) -> Block:
    value = json.dumps({"plan": plan, "ref": ref})
    elements = []
    for suffix, label, style in BUTTONS:
        button: Block = {
            "type": "button",
            "action_id": PREFIX + suffix,
            "text": {"type": "plain_text", "text": label},
            "value": value,
        }
        if style:
            button["style"] = style
        elements.append(button)
    return {"type": "actions", "block_id": block_id(plan, ref), "elements": elements}


def item(entry: ActionItem) -> list[Block]:
    text = templates.render("slack/action_item", entry, "slack")
    return [mrkdwn(text), buttons(entry.plan, entry.line.ref)]


def items(entries: list[ActionItem], *, room: int, more_hint: str) -> list[Block]:
    """As many actions as fit in `room` blocks, then a line saying how many more there are."""
    out: list[Block] = []
    for n, entry in enumerate(entries):
        left = len(entries) - n
        if len(out) + 2 > room - (1 if left > 1 else 0):
            out.append(context(f"…and {left} more. {more_hint}"))
            break
        out.extend(item(entry))
    return out


def reminder(
    intro: str, entries: list[ActionItem], *, room: int = MESSAGE_BLOCKS - 1
) -> tuple[str, list[Block]]:
    """A reminder DM: one intro line, then each action with its buttons."""
    blocks = [mrkdwn(intro)]
    blocks += items(entries, room=room, more_hint="See them all with /action list mine.")
    return intro, blocks


def receipt(what: str, who: str, when: str) -> Block:
    return context(
        templates.render("slack/pressed", {"what": what, "who": who, "when": when}, "slack")
    )


def replace_buttons(blocks: list[Block], target: str, replacement: Block) -> list[Block]:
    """The message's blocks with one action's buttons swapped for what was done."""
    return [replacement if b.get("block_id") == target else b for b in blocks]
