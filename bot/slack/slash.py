"""Slash commands: /action, /board, /kpi, /reminders, /digest, /plan, /theme and /improve.

The ack carries the reply itself (ephemeral), so the sender sees it at once. Looking up a
sender Slack has not introduced yet, channel posts and App Home refreshes happen in a lazy
listener afterwards.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_bolt import App as Bolt
from slack_sdk import WebClient

from bot import files
from bot.app import App
from bot.slack import followup, render
from bot.slack.directory import SlackDirectory
from bot.slack.people import who
from bot.slack.refresh import HomeRefresher
from commands.boundary import run
from commands.context import FileRequest, Reply

# Not /remind: Slack answers that itself (its built-in reminders) and never routes it to an
# app. /improve carries any command where another app already took one of these names.
COMMANDS = (
    "/action", "/board", "/kpi", "/risk", "/reminders", "/digest", "/plan", "/theme", "/improve"
)  # fmt: skip
# A workspace can name them with a prefix (improvebot slack manifest --prefix ib): /ib-action.
ROUTED = re.compile(
    r"^/(?:[a-z0-9]{1,10}-)?(" + "|".join(c.lstrip("/") for c in COMMANDS) + r")$", re.I
)
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
            clock=services.clock.now,
            directory=SlackDirectory(client),
            once=_once(body),
        )
        if reply.error == "Stranger":
            # Slack has not told us who this is: find their email off the ack path.
            ack(text=LOOKING_UP, response_type="ephemeral")
            context["improvebot"] = {"pending": True}
            return
        ack(text=render.text(reply), response_type="ephemeral")
        context["improvebot"] = _follow_ups(reply)

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
                clock=services.clock.now,
                directory=directory,
                once=_once(body),
            )
            respond(text=render.text(reply), response_type="ephemeral", replace_original=True)
            data = _follow_ups(reply)
        followup.post(client, data.get("posts", []))
        refresher.request(client, who(body).workspace, data.get("touched", []))
        for request in data.get("files", []):
            _send_file(services, client, respond, body["user_id"], FileRequest(**request))

    bolt.command(ROUTED)(ack=acknowledge, lazy=[follow_up])


def _follow_ups(reply: Reply) -> dict[str, Any]:
    """What the lazy listener does after the ack; plain data, because Bolt deep-copies it."""
    return {
        "posts": followup.post_texts(reply.posts),
        "touched": list(reply.touched),
        "files": [dataclasses.asdict(f) for f in reply.files],
    }


def _send_file(
    services: App, client: WebClient, respond: Respond, user_id: str, request: FileRequest
) -> None:
    """Make the file and upload it into the requester's DM (files upload v2 flow)."""
    try:
        name, data = files.make(services.sessions, request, services.clock.now())
    except files.FileProblem as problem:
        respond(text=str(problem), response_type="ephemeral", replace_original=False)
        return
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        filename=name,
        content=data,
        title=name,
        initial_comment="Here is the board pack you asked for.",
    )


def _once(body: dict[str, Any]) -> str | None:
    """Slack gives each request its own trigger id: the same one again is a replay (a retry,
    or someone resending a captured request), answered without being applied twice."""
    trigger = body.get("trigger_id")
    return f"slack-trigger:{trigger}" if trigger else None


def _text(body: dict[str, Any]) -> str:
    found = ROUTED.match(str(body.get("command", "")))
    name = found[1].lower() if found else str(body.get("command", ""))
    return f"/{name.lstrip('/')} {body.get('text') or ''}".strip()
