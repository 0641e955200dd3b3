"""Notification payloads per platform: Block Kit with buttons for Slack, text for the console.

The outbox keeps each message as a plain view-model (JSON); it is rendered here when it is
sent, so deciding what to send stays cheap and a payload never goes stale in one format.
"""

from __future__ import annotations

from typing import Any

import templates
from bot.slack import blocks
from bot.slack.blocks import ActionItem
from store.notify.views import (
    BoardReminder,
    Digest,
    Reminder,
    board_reminder_from,
    digest_from,
    reminder_from,
)

# A thread reply holds at most this many lines, so each stays well inside Slack's limits.
LINES_PER_REPLY = 30


def payload(stored: dict[str, Any], platform: str) -> dict[str, Any]:
    """The message to send for a stored payload ({"render": kind, "view": …})."""
    kind, view = stored.get("render"), stored.get("view", {})
    if kind == "reminder":
        return reminder(reminder_from(view), platform)
    if kind == "digest":
        return digest(digest_from(view), platform)
    if kind == "board":
        return board_reminder(board_reminder_from(view), platform)
    return stored  # already a finished message


def reminder(view: Reminder, platform: str) -> dict[str, Any]:
    if platform != "slack":
        return {"text": templates.render("notify/reminder", view, "console"), "to": view.name}
    intro = templates.render("notify/reminder_intro", view, "slack")
    entries = [ActionItem(line, slug, why) for line, slug, why in view.items]
    text, message = blocks.reminder(intro, entries)
    return {"text": text, "blocks": message}


def digest(view: Digest, platform: str) -> dict[str, Any]:
    surface = "slack" if platform == "slack" else "console"
    main = templates.render("notify/digest_main", view, surface)
    replies = []
    for section in view.sections:
        for start in range(0, len(section.lines), LINES_PER_REPLY):
            chunk = section.lines[start : start + LINES_PER_REPLY]
            heading = section.heading if start == 0 else f"{section.heading} (continued)"
            model = {"heading": heading, "lines": chunk, "more": 0}
            replies.append({"text": templates.render("notify/digest_section", model, surface)})
    if view.kpis:
        replies.append({"text": templates.render("notify/digest_kpis", view, surface)})
    if platform != "slack":
        return {"text": "\n\n".join([main, *(r["text"] for r in replies)])}
    # The channel sees the counts; the lists go in a thread under them.
    tail = "\nDetails are in the thread." if replies else ""
    return {"text": main + tail, "blocks": [blocks.mrkdwn(main + tail)], "thread": replies}


def board_reminder(view: BoardReminder, platform: str) -> dict[str, Any]:
    surface = "slack" if platform == "slack" else "console"
    return {"text": templates.render("notify/board_reminder", view, surface)}
