"""`dashboard`: Slack's App Home as a Teams card. The person's open actions, soonest due first,
each with its buttons; for plan leads, an overview of each plan they lead. Built by
commands/home.py, like App Home; the card is kept so its buttons can redraw it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from bot.teams import action_card, cards, render
from bot.teams.action_card import Item
from bot.teams.activity import Inbound
from commands import boundary
from commands import home as commands_home
from commands.home import HomeView
from store import teams

if TYPE_CHECKING:
    from bot.teams.runtime import TeamsRuntime

KIND = "home"


def state(view: HomeView) -> dict[str, Any]:
    intro = ["**My actions**"]  # the bot's own bold; nothing typed by anyone
    if not view.mine:
        intro.append(render.text("chat/notice", {"text": view.empty}))
    items = [Item(action_card.line_of(item.line), item.plan) for item in view.mine]
    footer = []
    if view.risks:  # due for review first, as on App Home
        footer.append("**My risks**")
        footer += [render.text("home/risk", risk) for risk in view.risks[:10]]
    footer += [render.text("teams/home_overview", overview) for overview in view.overviews]
    return action_card.card_state(intro, items, footer=footer, more_hint=view.more_hint)


def show(runtime: TeamsRuntime, inbound: Inbound) -> None:
    reply = runtime.as_known(
        inbound,
        lambda who: boundary.serve(
            who,
            commands_home.build,
            sessions=runtime.sessions,
            clock=runtime.clock.now,
            write=False,
        ),
    )
    if not reply.ok:
        runtime.reply(inbound, reply)
        return
    card_id = uuid.uuid4().hex
    built = state(reply.view)
    with runtime.sessions.begin() as session:
        teams.save_card(session, card_id, KIND, built, runtime.clock.now())
    runtime.answer(inbound, cards.message(card=action_card.build(card_id, built, {})))
