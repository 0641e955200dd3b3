"""Buttons on reminders and App Home: apply in place, then rewrite the message.

A press runs the same command text as typing it (same permissions, same history). The
message is then updated to say what was done, by whom and when, with that action's buttons
gone; a second press of the same button (double click, retry) is claimed once only.
"""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, BoltContext, Respond
from slack_bolt import App as Bolt
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.app import App
from bot.slack import blocks, followup, modal, render
from bot.slack.directory import SlackDirectory
from bot.slack.people import who
from bot.slack.refresh import HomeRefresher
from commands import resolve
from commands.args import ActionRef
from commands.context import Context, Reply
from commands.errors import UserError
from commands.forms import submit
from commands.run import run
from commands.views import line
from store import people
from store.dates import uk

LONDON = ZoneInfo("Europe/London")
PRESS = re.compile(rf"^{re.escape(blocks.PREFIX)}(set_green|set_amber|set_red|done|snooze|form)$")
COMMAND = {
    "set_green": ("/action update {t} green", "Set to green"),
    "set_amber": ("/action update {t} amber", "Set to amber"),
    "set_red": ("/action update {t} red", "Set to red"),
    "done": ("/action done {t}", "Marked complete"),
    "snooze": ("/remind snooze {t} 7", "Snoozed for a week"),
}


def register(bolt: Bolt, services: App, refresher: HomeRefresher) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def press(
        body: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        action = body["actions"][0]
        kind = PRESS.match(action["action_id"])[1]  # type: ignore[index]
        target = json.loads(action["value"])
        if kind == "form":
            open_form(body, client, target)
            return
        sender = who(body)
        text, done = COMMAND[kind]
        message = body.get("message")
        once = None
        if message is not None:
            once = f"slack-press:{body['channel']['id']}:{message['ts']}:{action.get('block_id')}"
        reply = run(
            text.format(t=f"{target['plan']}:{target['ref']}"),
            sender,
            sessions=services.sessions,
            now=services.clock.now(),
            directory=SlackDirectory(client),
            once=once,
        )
        if not reply.ok:
            respond(text=render.text(reply), response_type="ephemeral", replace_original=False)
            return
        if message is not None:
            receipt = blocks.receipt(done, _name(services, sender), _when(services))
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
        with services.sessions() as session:
            try:
                ctx = _context(session, services, sender)
                plan, action = resolve.action(ctx, ActionRef(target["ref"], target["plan"]))
            except UserError as error:
                client.chat_postEphemeral(
                    channel=sender.channel or sender.user_id,
                    user=sender.user_id,
                    text=error.message,
                )
                return
            labels = {k: str(v) for k, v in plan.status_labels.items()}
            view = modal.build(
                line(action, plan, ctx.today(plan)), plan.slug, action.due_date, labels, origin
            )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def submitted(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        form, meta = modal.read(body["view"])
        sender = who(body)
        result = submit(form, sender, sessions=services.sessions, now=services.clock.now())
        if not result.ok:
            ack(response_action="errors", errors=result.errors)
            return
        ack()
        touched = {p for r in result.replies for p in r.touched}
        context["improvebot"] = {
            "meta": meta,
            "summary": result.summary,
            "who": result.who,
            "touched": sorted(touched),
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
        refresher.request(client, who(body).workspace, data["touched"])

    bolt.action(PRESS)(ack=acknowledge, lazy=[press])
    bolt.view(modal.CALLBACK)(ack=submitted, lazy=[after_submit])


def _context(session: Session, services: App, sender: Any) -> Context:
    now = services.clock.now()
    person = resolve.identify(session, sender, now)
    return Context(session, now, sender, person, resolve.default_plan(session, person, sender))


def _name(services: App, sender: Any) -> str:
    with services.sessions() as session:
        person = people.by_identity(session, "slack", sender.workspace, sender.user_id)
        return person.display if person else "you"


def _when(services: App) -> str:
    # Receipts read in UK time; a plan in another zone is not a case councils have.
    moment = services.clock.now().astimezone(LONDON)
    return f"{uk(moment.date())} {moment:%H:%M}"


def _after(client: WebClient, refresher: HomeRefresher, team: str, reply: Reply) -> None:
    followup.post(client, followup.post_texts(reply.posts))
    refresher.request(client, team, reply.touched)
