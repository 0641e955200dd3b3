"""Slash commands: /action, /board, /kpi, /remind, /digest, /plan.

The ack carries the reply itself (ephemeral), so the sender sees it at once. Looking up a
sender Slack has not introduced yet, channel posts and App Home refreshes happen in a lazy
listener afterwards.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_bolt import App as Bolt
from slack_sdk import WebClient

from bot.app import App
from bot.slack import followup, render
from bot.slack.directory import SlackDirectory
from bot.slack.people import who
from bot.slack.refresh import HomeRefresher
from commands.run import run

COMMANDS = ("/action", "/board", "/kpi", "/remind", "/digest", "/plan")
LOOKING_UP = "One moment: finding you in the plan…"


def register(bolt: Bolt, services: App, refresher: HomeRefresher) -> None:
    def acknowledge(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        sender = who(body)
        reply = run(
            _text(body),
            sender,
            sessions=services.sessions,
            now=services.clock.now(),
            directory=SlackDirectory(client),
        )
        if reply.error == "Stranger":
            # Slack has not told us who this is: find their email off the ack path.
            ack(text=LOOKING_UP, response_type="ephemeral")
            context["improvebot"] = {"pending": True}
            return
        ack(text=render.text(reply), response_type="ephemeral")
        context["improvebot"] = {
            "posts": followup.post_texts(reply.posts),
            "touched": list(reply.touched),
        }

    def follow_up(
        body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        data = context.get("improvebot") or {}
        if data.get("pending"):
            directory = SlackDirectory(client)
            profile = directory.profile(body["user_id"])
            sender = who(body, email=profile.email if profile else None)
            reply = run(
                _text(body),
                sender,
                sessions=services.sessions,
                now=services.clock.now(),
                directory=directory,
            )
            respond(text=render.text(reply), response_type="ephemeral", replace_original=True)
            data = {"posts": followup.post_texts(reply.posts), "touched": list(reply.touched)}
        followup.post(client, data.get("posts", []))
        refresher.request(client, who(body).workspace, data.get("touched", []))

    for name in COMMANDS:
        bolt.command(name)(ack=acknowledge, lazy=[follow_up])


def _text(body: dict[str, Any]) -> str:
    return f"{body['command']} {body.get('text') or ''}".strip()
