"""Queued notifications as Slack messages: Block Kit with buttons, the digest's lists in a
thread. The outbox keeps plain view-models; they become Slack's shape only when sent."""

from __future__ import annotations

from typing import Any

from bot.slack import blocks
from bot.slack.blocks import ActionItem
from store.notify.views import (
    BoardReminder,
    Digest,
    Reminder,
    board_reminder_from,
    digest_from,
    failure_report_from,
    reminder_from,
)
from templates import notify

SURFACE = "slack"


def message(stored: dict[str, Any]) -> dict[str, Any]:
    """The Slack message for a stored payload ({"render": kind, "view": …})."""
    kind, view = stored.get("render"), stored.get("view", {})
    if kind == "reminder":
        return reminder(reminder_from(view))
    if kind == "digest":
        return digest(digest_from(view))
    if kind == "board":
        return board_reminder(board_reminder_from(view))
    if kind == "failures":
        return {"text": notify.failures_text(failure_report_from(view), SURFACE)}
    return stored  # already a finished message


def reminder(view: Reminder) -> dict[str, Any]:
    intro = notify.reminder_intro(view, SURFACE)
    entries = [ActionItem(line, slug, why) for line, slug, why in view.items]
    # Risks due for review follow the actions, as text: a review is typed, not a button.
    shown = blocks.MESSAGE_BLOCKS // 2 - 1
    risks = [blocks.mrkdwn(notify.risk_item(risk, SURFACE)) for risk in view.risks[:shown]]
    if len(view.risks) > shown:
        risks.append(blocks.context(f"…and {len(view.risks) - shown} more: /risk list due"))
    text, message = blocks.reminder(intro, entries, room=blocks.MESSAGE_BLOCKS - 1 - len(risks))
    return {"text": text, "blocks": [*message, *risks]}


def digest(view: Digest) -> dict[str, Any]:
    main, replies = notify.digest_texts(view, SURFACE)
    # The channel sees the counts; the lists go in a thread under them.
    tail = "\nDetails are in the thread." if replies else ""
    return {
        "text": main + tail,
        "blocks": [blocks.mrkdwn(main + tail)],
        "thread": [{"text": reply} for reply in replies],
    }


def board_reminder(view: BoardReminder) -> dict[str, Any]:
    return {"text": notify.board_text(view, SURFACE)}
