"""Cards listing actions, each with its buttons: the reminder DM and the dashboard.

    state = card_state(intro, [Item(line, "ilacs", "Due in 7 days")], footer=[…])
    cards.message(card=build(card_id, state, done={}))

A press of one of an action's buttons comes back as the invoke adaptiveCard/action with the
button's data (card id, plan, ref) and nothing else, so the card's state is kept in the
database (store/teams.py) and the card is drawn again from it: with a receipt where the
buttons of each action that was acted on were ("✅ Set to green by Jane Smith, Mon 16 Nov").
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bot.teams import cards, render
from bot.teams.cards import Element

VERB = "improvebot."
# verb suffix, title, style; the same six buttons as Slack's
BUTTONS: tuple[tuple[str, str, cards.ActionStyle | None], ...] = (
    ("green", "Green", None),
    ("amber", "Amber", None),
    ("red", "Red", "destructive"),
    ("done", "Complete", "positive"),
    ("snooze", "Snooze a week", None),
    ("form", "Add update…", None),
)
LINE_FIELDS = ("ref", "title", "status", "label", "due", "overdue_days", "owner")


@dataclass(frozen=True)
class Item:
    """One action: its line (as commands.views.ActionLine or a reminder's Line shows it), its
    plan's short name, and why it is listed."""

    line: Mapping[str, Any]
    plan: str
    why: str | None = None
    show_owner: bool = False


def line_of(line: object) -> dict[str, Any]:
    """The parts of an action line a card shows, as plain JSON."""
    return {name: getattr(line, name) for name in LINE_FIELDS}


def card_state(
    intro: Sequence[str], items: Sequence[Item], *, footer: Sequence[str] = (), more_hint: str = ""
) -> dict[str, Any]:
    """What a card shows, as JSON to keep: rendered intro and footer lines, and the items."""
    return {
        "intro": list(intro),
        "items": [asdict(item) | {"line": dict(item.line)} for item in items],
        "footer": list(footer),
        "more_hint": more_hint,
    }


def key(plan: str, ref: str) -> str:
    return f"{plan}:{ref}"


def build(
    card_id: str,
    state: Mapping[str, Any],
    done: Mapping[str, str],
    *,
    notes: Mapping[str, str] | None = None,
) -> Element:
    """The card: intro, each action with its buttons (or the receipt of what was done to it),
    then the footer; actions that do not fit in one message are counted at the end. `notes`
    shows a message under an action (why a press was refused), its buttons kept."""
    notes = notes or {}
    body: list[Element] = []
    for markdown in state.get("intro", []):
        body += render.lines(markdown)
    footer: list[Element] = []
    for markdown in state.get("footer", []):
        footer += render.lines(markdown)
    items = [Item(**entry) for entry in state.get("items", [])]
    size = len(json.dumps(cards.card(*body, *footer)))
    for n, item in enumerate(items):
        at = key(item.plan, str(item.line["ref"]))
        block = _item(card_id, item, done.get(at), notes.get(at))
        size += len(json.dumps(block))
        if size > render.MAX_CARD - 500:
            hint = state.get("more_hint") or ""
            body.append(cards.text(f"…and {len(items) - n} more. {hint}".strip(), subtle=True))
            break
        body.append(block)
    return cards.card(*body, *footer)


def _item(card_id: str, item: Item, receipt: str | None, note: str | None) -> Element:
    text = render.text("teams/action_item", item)
    parts = render.lines(text)
    if note:
        parts += [{**block, "color": "Attention"} for block in render.lines(note)]
    if receipt is not None:
        parts.append(cards.rendered(receipt, subtle=True, spacing="Small"))
    else:
        ref = str(item.line["ref"])
        parts.append(cards.action_set(*buttons(card_id, item.plan, ref)))
    return cards.container(*parts, separator=True, spacing="Medium")


def buttons(card_id: str, plan: str, ref: str) -> list[Element]:
    return [
        cards.execute(title, VERB + suffix, style=style, card=card_id, plan=plan, ref=ref)
        for suffix, title, style in BUTTONS
    ]


def receipt(what: str, who: str, when: str) -> str:
    """The line shown where the buttons were: rendered, so escaped, for the teams surface."""
    return render.text("teams/pressed", {"what": what, "who": who, "when": when})
