"""Queued notifications as Teams messages: the reminder as a card with buttons, the digest as a
channel message with its lists as replies in its thread, board reminders as a card. The outbox
keeps plain view-models; they become Teams' shape only when sent. What they say comes from
templates/notify (the same words as Slack and the console)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.teams import action_card, cards, render
from bot.teams.action_card import Item
from bot.teams.cards import Element
from bot.teams.text import escape
from store.notify.views import (
    Reminder,
    board_reminder_from,
    digest_from,
    reminder_from,
)
from templates import notify

SURFACE = render.SURFACE
THREAD_HINT = "Details are in the thread."
MORE_HINT = "See them all with action list mine."


@dataclass(frozen=True)
class Outgoing:
    """One channel or chat message, the replies that go in its thread, and for a card with
    buttons the state to keep so that presses can redraw it."""

    main: Element
    thread: list[Element] = field(default_factory=list)
    card_state: dict[str, Any] | None = None


def outgoing(stored: dict[str, Any], card_id: str) -> Outgoing:
    """The Teams messages for a stored payload ({"render": kind, "view": …})."""
    kind, view = stored.get("render"), stored.get("view", {})
    if kind == "reminder":
        state = reminder_state(reminder_from(view))
        return Outgoing(cards.message(card=action_card.build(card_id, state, {})), [], state)
    if kind == "digest":
        main, replies = notify.digest_texts(digest_from(view), SURFACE)
        tail = f"\n{THREAD_HINT}" if replies else ""
        return Outgoing(render.message(main + tail), [render.message(r) for r in replies])
    if kind == "board":
        return Outgoing(render.message(notify.board_text(board_reminder_from(view), SURFACE)))
    return Outgoing(render.message(escape(str(stored.get("text", "")))))


def reminder_state(view: Reminder) -> dict[str, Any]:
    intro = notify.reminder_intro(view, SURFACE)
    items = [Item(action_card.line_of(line), slug, why) for line, slug, why in view.items]
    # Risks due for review follow the actions, as text: they are reviewed with /risk review.
    risks = [notify.risk_item(risk, SURFACE) for risk in view.risks]
    return action_card.card_state([intro], items, footer=risks, more_hint=MORE_HINT)
