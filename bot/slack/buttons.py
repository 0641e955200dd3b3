"""Buttons on reminders and App Home: apply in place, then rewrite the message.

A press runs the same command text as typing it (same permissions, same history). The
message is then updated to say what was done, by whom and when, with that action's buttons
gone; a second press of the same button (double click, retry) is applied once only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_bolt import App as Bolt
from slack_sdk import WebClient

from bot.app import App
from bot.slack import blocks, followup, modal, render
from bot.slack.directory import SlackDirectory
from bot.slack.people import who
from bot.slack.refresh import HomeRefresher
from commands import boundary, forms
from commands.args import ActionRef
from commands.context import Reply
from store.dates import uk
from store.domain import UK_TIME

STALE_BUTTON = (
    "That button is not one I can read (it may be from an old message). "
    "Type the command instead, such as /action update 4.2 green."
)
PRESS = re.compile(rf"^{re.escape(blocks.PREFIX)}(set_green|set_amber|set_red|done|snooze|form)$")
COMMAND = {
    "set_green": ("/action update {t} green", "Set to green"),
    "set_amber": ("/action update {t} amber", "Set to amber"),
    "set_red": ("/action update {t} red", "Set to red"),
    "done": ("/action done {t}", "Marked complete"),
    "snooze": ("/reminders snooze {t} 7", "Snoozed for a week"),
}


def register(bolt: Bolt, services: App, refresher: HomeRefresher) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def press(
        body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        action = body["actions"][0]
        kind = PRESS.match(action["action_id"])[1]  # type: ignore[index]
        target = _target(action.get("value"))
        if target is None:
            respond(text=STALE_BUTTON, response_type="ephemeral", replace_original=False)
            return
        if kind == "form":
            open_form(body, client, target)
            return
        sender = who(body)
        text, done = COMMAND[kind]
        message = body.get("message")
        # A message's button acts once, whoever presses it again; elsewhere (App Home) each
        # press is its own request, and only a replay of that request repeats it.
        if message is not None:
            once = f"slack-press:{body['channel']['id']}:{message['ts']}:{action.get('block_id')}"
        else:
            once = f"slack-trigger:{body.get('trigger_id')}"
        reply = boundary.run(
            text.format(t=f"{target['plan']}:{target['ref']}"),
            sender,
            sessions=services.sessions,
            clock=services.clock.now,
            directory=SlackDirectory(client),
            once=once,
        )
        if not reply.ok:
            respond(text=render.text(reply), response_type="ephemeral", replace_original=False)
            return
        if message is not None:
            receipt = blocks.receipt(done, reply.by, _when(services))
            new = blocks.replace_buttons(
                message.get("blocks", []), action.get("block_id", ""), receipt
            )
            client.chat_update(
                channel=body["channel"]["id"],
                ts=message["ts"],
                blocks=new,
                text=message.get("text") or "Reminder",
            )
        _after(client, refresher, sender.workspace, reply)

    def open_form(body: dict[str, Any], client: WebClient, target: dict[str, str]) -> None:
        sender = who(body)
        origin = {}
        if body.get("message"):
            origin = {
                "channel": body["channel"]["id"],
                "ts": body["message"]["ts"],
                "block": body["actions"][0].get("block_id", ""),
            }
        reply = boundary.serve(
            sender,
            lambda ctx: forms.prefill(ActionRef(target["ref"], target["plan"]), ctx),
            sessions=services.sessions,
            clock=services.clock.now,
            write=False,
        )
        if not reply.ok:
            client.chat_postEphemeral(
                channel=sender.channel or sender.user_id,
                user=sender.user_id,
                text=render.text(reply),
            )
            return
        client.views_open(trigger_id=body["trigger_id"], view=modal.build(reply.view, origin))

    def submitted(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        form, meta = modal.read(body["view"])
        view = body["view"]
        reply = boundary.serve(
            who(body),
            lambda ctx: forms.submit(form, ctx),
            sessions=services.sessions,
            clock=services.clock.now,
            # The same submission again (a retry or a replay) is not applied twice.
            once=f"slack-view:{view['id']}:{view['hash']}" if view.get("hash") else None,
        )
        if not reply.ok:
            ack(response_action="errors", errors={reply.field or "status": reply.view.message})
            return
        ack()
        context["improvebot"] = {
            "meta": meta,
            "summary": reply.view.summary,
            "who": reply.by,
            "touched": list(reply.touched),
            "posts": followup.post_texts(reply.posts),
        }

    def after_submit(body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        data = context.get("improvebot")
        if not data:
            return
        meta = data["meta"]
        if meta.get("channel") and meta.get("ts"):
            found = (
                client.conversations_history(
                    channel=meta["channel"], latest=meta["ts"], inclusive=True, limit=1
                ).get("messages")
                or []
            )
            if found:
                receipt = blocks.receipt(
                    f"Updated: {data['summary']}", data["who"], _when(services)
                )
                new = blocks.replace_buttons(
                    found[0].get("blocks", []), meta.get("block", ""), receipt
                )
                client.chat_update(
                    channel=meta["channel"],
                    ts=meta["ts"],
                    blocks=new,
                    text=found[0].get("text") or "Reminder",
                )
        followup.post(client, data["posts"])
        refresher.request(client, who(body).workspace, data["touched"])

    bolt.action(PRESS)(ack=acknowledge, lazy=[press])
    bolt.view(modal.CALLBACK)(ack=submitted, lazy=[after_submit])


def _target(value: object) -> dict[str, str] | None:
    """The plan and ref a button carries, or None when its value is not one we made."""
    try:
        found = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    plan, ref = found.get("plan"), found.get("ref")
    if not (isinstance(plan, str) and isinstance(ref, str) and plan and ref):
        return None
    return {"plan": plan, "ref": ref}


def _when(services: App) -> str:
    # Receipts read in UK time; a plan in another zone is not a case councils have.
    moment = services.clock.now().astimezone(UK_TIME)
    return f"{uk(moment.date())} {moment:%H:%M}"


def _after(client: WebClient, refresher: HomeRefresher, team: str, reply: Reply) -> None:
    followup.post(client, followup.post_texts(reply.posts))
    refresher.request(client, team, reply.touched)
