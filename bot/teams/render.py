"""Replies and posts as Teams messages: the template rendered for the "teams" surface (every
value escaped by bot/teams/text.py), one TextBlock per line of an Adaptive Card.

A card rather than message text: TextBlocks render the same small Markdown subset on every
client (bold, and nothing that user text could turn on), while message text mixes Markdown,
HTML and line-break rules that differ between desktop and mobile.
"""

from __future__ import annotations

import json

import templates
from bot.teams import cards
from bot.teams.cards import Element
from commands.context import Post, Reply

SURFACE = "teams"
# Teams refuses messages over about 28 KB; keep a card well inside that.
MAX_CARD = 24_000
CUT = "…and more that does not fit in one Teams message. Narrow the command to see the rest."


def text(template: str, view: object) -> str:
    return templates.render(template, view, SURFACE)


def lines(markdown: str) -> list[Element]:
    """TextBlocks for rendered text: a blank line becomes space above the next block, and an
    indented line (an example under a usage line) is shown quieter, without its indent."""
    body: list[Element] = []
    gap = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            gap = True
            continue
        indented = raw[:1].isspace()
        spacing: cards.Spacing | None = "Medium" if gap else "None" if indented else None
        body.append(cards.rendered(line, subtle=indented, spacing=spacing))
        gap = False
    return body or [cards.rendered(" ")]


def lines_card(markdown: str) -> Element:
    """A card of these lines, cut (with a note saying so) to fit in one message."""
    body = lines(markdown)
    built = cards.card(*body)
    if len(json.dumps(built)) <= MAX_CARD:
        return built
    kept: list[Element] = []
    size = len(json.dumps(cards.card(cards.text(CUT))))
    for block in body:
        size += len(json.dumps(block)) + 2
        if size > MAX_CARD:
            break
        kept.append(block)
    return cards.card(*kept, cards.text(CUT, subtle=True))


def message(markdown: str) -> Element:
    return cards.message(card=lines_card(markdown))


def reply(reply: Reply) -> Element:
    return message(text(reply.template, reply.view))


def post(post: Post) -> Element:
    return message(text(post.template, post.view))
