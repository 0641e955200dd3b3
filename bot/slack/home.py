"""App Home: renders the dashboard view-model (commands.home) as Block Kit."""

from __future__ import annotations

from typing import Any

import templates
from bot.slack import blocks
from bot.slack.blocks import ActionItem, Block
from commands.home import HomeView

STRANGER = (
    "improvebot keeps your council's improvement plan. I don't know you yet: type "
    "`/action list` once so I can find you by your email, or ask a plan lead to add it."
)


def view(home: HomeView) -> dict[str, Any]:
    """The Home tab: theirs first (soonest due first), then overviews of plans they lead."""
    out: list[Block] = [blocks.header("My actions")]
    if not home.mine:
        out.append(blocks.mrkdwn(templates.render("chat/notice", {"text": home.empty}, "slack")))
    room = blocks.VIEW_BLOCKS - len(out) - 2 * len(home.overviews)
    entries = [ActionItem(item.line, item.plan) for item in home.mine]
    out += blocks.items(entries, room=room - len(home.risks[:10]) - 1, more_hint=home.more_hint)
    if home.risks:
        out.append(blocks.header("My risks"))
        for risk in home.risks[:10]:  # due for review first
            out.append(blocks.mrkdwn(templates.render("home/risk", risk, "slack")))
    for overview in home.overviews:
        text = templates.render("slack/home_overview", overview, "slack")
        out += [blocks.header("Plan overview"), blocks.mrkdwn(text)]
    return {"type": "home", "blocks": out}


def stranger_view() -> dict[str, Any]:
    return {"type": "home", "blocks": [blocks.mrkdwn(STRANGER)]}
