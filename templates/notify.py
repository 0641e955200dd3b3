"""Notification texts for any surface: the digest's channel message and its thread replies.

Each platform arranges these its own way (Slack: a message and a thread; Teams: a card and
replies; the console: one block of text); what they say is decided here once.
"""

from __future__ import annotations

from typing import Any

import templates
from store.notify.views import (
    BoardReminder,
    Digest,
    FailureReport,
    Reminder,
    RiskNotice,
    board_reminder_from,
    digest_from,
    failure_report_from,
    reminder_from,
)

# A thread reply holds at most this many lines, so each stays well inside platform limits.
LINES_PER_REPLY = 30


def digest_texts(view: Digest, surface: str) -> tuple[str, list[str]]:
    """The digest's main message (counts, next board) and its list replies."""
    main = templates.render("notify/digest_main", view, surface)
    replies = []
    for section in view.sections:
        for start in range(0, len(section.lines), LINES_PER_REPLY):
            chunk = section.lines[start : start + LINES_PER_REPLY]
            heading = section.heading if start == 0 else f"{section.heading} (continued)"
            model = {"heading": heading, "lines": chunk, "more": 0}
            replies.append(templates.render("notify/digest_section", model, surface))
    if view.kpis:
        replies.append(templates.render("notify/digest_kpis", view, surface))
    if view.risks:
        replies.append(templates.render("notify/digest_risks", view, surface))
    return main, replies


def text(stored: dict[str, Any], surface: str) -> str:
    """A queued message as one block of text (the console, dry runs, logs)."""
    kind, data = stored.get("render"), stored.get("view", {})
    if kind == "reminder":
        return templates.render("notify/reminder", reminder_from(data), surface)
    if kind == "digest":
        main, replies = digest_texts(digest_from(data), surface)
        return "\n\n".join([main, *replies])
    if kind == "board":
        return board_text(board_reminder_from(data), surface)
    if kind == "failures":
        return failures_text(failure_report_from(data), surface)
    return str(stored.get("text", ""))


def board_text(view: BoardReminder, surface: str) -> str:
    return templates.render("notify/board_reminder", view, surface)


def reminder_intro(view: Reminder, surface: str) -> str:
    return templates.render("notify/reminder_intro", view, surface)


def risk_item(view: RiskNotice, surface: str) -> str:
    return templates.render("notify/risk_item", view, surface)


def failures_text(view: FailureReport, surface: str) -> str:
    return templates.render("notify/failures", view, surface)
