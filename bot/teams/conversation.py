"""Messages and installs, handled after Teams has had its answer.

A message is a command: in a 1:1 chat as typed (`action update 4.2 green`, a leading / is
fine), in a channel or group chat after an @mention of the bot, which is removed. People the
sender @mentions become their email (`action assign 4.2 @Sam` works as in Slack). The command
runs through the one boundary, as on every platform, and its reply goes back into the
conversation (in a channel, into the message's thread). `dashboard` answers with the person's
own actions as a card with buttons.

When the app is added to a team, the team's roster is read and its members matched to plan
people; added in a 1:1 chat, the person is looked up and greeted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.teams import dashboard, files, people, render
from bot.teams.activity import Inbound
from commands import boundary
from commands.context import Reply, Who
from store import people as plan_people

if TYPE_CHECKING:
    from bot.teams.runtime import TeamsRuntime

log = logging.getLogger(__name__)

DASHBOARD = ("dashboard", "home", "my actions")
WELCOME_PERSON = (
    "Hello {name}. I keep the improvement plan and chase it from Teams. Type dashboard for "
    "your actions with their buttons, or help for every command."
)
WELCOME_TEAM = (
    "Hello. I keep the improvement plan and chase it from Teams: I found {found} of the plan's "
    "people in this team. Plan leads: type @improvebot plan channel here in the channel for "
    "the weekly digest and board reminders. Everyone: @improvebot help."
)


def on_message(runtime: TeamsRuntime, inbound: Inbound) -> None:
    runtime.remember(inbound)
    text = command_text(runtime, inbound)
    if not text:
        return
    if text.lower().lstrip("/") in DASHBOARD:
        dashboard.show(runtime, inbound)
        return

    def work(who: Who) -> Reply:
        return boundary.run(text, who, sessions=runtime.sessions, clock=runtime.clock.now)

    reply = runtime.as_known(inbound, work)
    runtime.reply(inbound, reply)
    for request in reply.files:
        files.deliver(runtime, inbound, request)


def command_text(runtime: TeamsRuntime, inbound: Inbound) -> str:
    """What was said to the bot: its own mention removed, other people's mentions replaced by
    their email (or @first-name when Teams gives none), so the command reads as in Slack."""
    text = inbound.text
    for entity in inbound.entities():
        mentioned = entity.get("mentioned")
        tag = entity.get("text")
        if entity.get("type") != "mention" or not isinstance(mentioned, dict):
            continue
        user_id, name = str(mentioned.get("id") or ""), str(mentioned.get("name") or "")
        if not isinstance(tag, str) or not user_id or user_id == inbound.bot_id:
            continue
        text = text.replace(tag, f" {mention_word(runtime, inbound, user_id, name)} ")
    return inbound.said(text)


def mention_word(runtime: TeamsRuntime, inbound: Inbound, user_id: str, name: str) -> str:
    with runtime.sessions() as session:
        known = plan_people.by_identity(session, people.PLATFORM, inbound.tenant, user_id)
        if known is not None and known.email:
            return known.email
    member = runtime.member(inbound, user_id)
    email = runtime.email_of(member) if member else None
    first = name.split()[0] if name.split() else "someone"
    return email or f"@{first}"


def on_update(runtime: TeamsRuntime, inbound: Inbound) -> None:
    """Remember the conversation; when the bot was just added, find the plan's people in it."""
    runtime.remember(inbound)
    added = [user for user in inbound.members_added() if user != inbound.bot_id]
    if inbound.bot_added() and inbound.team_id:
        found = runtime.client.rosters.read_team(
            inbound.service_url, inbound.team_id, inbound.tenant
        )
        welcome = {"text": WELCOME_TEAM.format(found=found)}
        runtime.answer(inbound, render.message(render.text("chat/notice", welcome)))
    elif inbound.bot_added():
        greet(runtime, inbound)
    elif added and inbound.team_id:
        # New members of a team the bot is in: linked now, so reminders can reach them.
        for user_id in added:
            member = runtime.member(inbound, user_id)
            if member is not None:
                with runtime.sessions.begin() as session:
                    people.link(session, [member], inbound.tenant)


def greet(runtime: TeamsRuntime, inbound: Inbound) -> None:
    """The app was added in a 1:1 chat: link the person and say what to do next."""
    member = runtime.member(inbound, inbound.user_id)
    if member is not None:
        with runtime.sessions.begin() as session:
            people.link(session, [member], inbound.tenant)
    reply = runtime.as_known(
        inbound,
        lambda who: boundary.serve(
            who,
            lambda ctx: Reply(
                "chat/notice", {"text": WELCOME_PERSON.format(name=ctx.person.display)}
            ),
            sessions=runtime.sessions,
            clock=runtime.clock.now,
            write=False,
        ),
    )
    runtime.answer(inbound, render.reply(reply))
