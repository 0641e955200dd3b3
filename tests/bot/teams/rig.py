"""A test rig for Teams: the fake Bot Connector, the real improvebot HTTP server with the Teams
routes, and activities posted to it over HTTP with real Bot Framework tokens."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import jsonschema
from markdown_it import MarkdownIt
from sqlalchemy.orm import Session, sessionmaker

from bot import server as http
from bot.app import App, create_app
from bot.clock import FixedClock
from bot.settings import Settings
from bot.teams.auth import InboundAuth
from bot.teams.connector import StaticToken
from bot.teams.runtime import TeamsClient, TeamsRuntime
from store import people
from tests.fakes.teams import (
    APP_ID,
    BOT_ID,
    TENANT_ID,
    Call,
    FakeTeams,
    bot_added,
    card_action,
    channel_message,
    member,
    personal_message,
)

FIXTURES = Path(__file__).parents[2] / "fixtures"
CARD_SCHEMA = jsonschema.Draft6Validator(
    json.loads((FIXTURES / "teams/adaptive-card-1.5.schema.json").read_text())
)
MARKDOWN = MarkdownIt("commonmark").enable(["strikethrough", "table"])
PEOPLE = {
    # plan handle -> how Teams knows them (tests/plan_builder.py people)
    "amira.khan": member("Amira Khan", "amira.khan@council.gov.uk"),
    "tom.lee": member("Tom Lee", "tom.lee@council.gov.uk"),
    "jane.smith": member("Jane Smith", "jane.smith@council.gov.uk"),
    "sam.patel": member("Sam Patel", "sam.patel@council.gov.uk"),
    "val.jones": member("Val Jones", "val.jones@council.gov.uk"),
}
STRANGER = member("Pat Doe", "pat.doe@elsewhere.gov.uk")


def user(handle: str) -> dict[str, str]:
    found = PEOPLE.get(handle, STRANGER)
    return {"id": found["id"], "name": found["name"], "aadObjectId": found["aadObjectId"]}


def chat_of(handle: str) -> str:
    """Each person's 1:1 chat with the bot."""
    return f"a:1personal-{handle}"


@dataclass
class Response:
    status: int
    body: Any
    seconds: float


@dataclass
class TeamsRig:
    db: sessionmaker[Session]
    now: datetime
    fake: FakeTeams
    settings_extra: dict[str, Any] = field(default_factory=dict)
    app: App | None = None
    runtime: TeamsRuntime | None = None
    server: Any = None
    thread: Any = None

    def start(self) -> TeamsRig:
        settings = Settings(
            database_url="unused",
            teams_app_id=APP_ID,
            teams_app_password="test-secret",
            **self.settings_extra,
        )
        self.clock = FixedClock(self.now)
        self.app = create_app(settings, sessions=self.db, clock=self.clock)
        self.app.teams_client = TeamsClient.build(
            StaticToken("test-token"), BOT_ID, self.db, self.clock, link_key=b"k" * 32
        )
        auth = InboundAuth(APP_ID, openid_url=self.fake.openid_url, budget=1.0)
        self.runtime = self.app.teams(host="127.0.0.1", auth=auth)
        self.server = http.make_server(self.runtime.routes(), "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            http.stop(self.server)
            self.thread.join(timeout=5)
            self.server.task_dispatcher.shutdown()
        if self.runtime is not None:
            self.runtime.close()
        if self.app is not None:
            self.app.teams_client.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.effective_port}"

    # -- people ------------------------------------------------------------------------------
    def link(self, *handles: str) -> None:
        """These people are already known to Teams (as an install would have found them)."""
        with self.db.begin() as s:
            for handle in handles:
                person = people.by_email(s, f"{handle}@council.gov.uk")
                assert person is not None
                people.link_identity(s, person, "teams", TENANT_ID, PEOPLE[handle]["id"])

    def roster(self, conversation: str, *handles: str, stranger: bool = False) -> None:
        """Who the fake knows in a conversation or team (for the member API)."""
        self.fake.add_member(conversation, *(PEOPLE[h] for h in handles))
        if stranger:
            self.fake.add_member(conversation, STRANGER)

    # -- activities --------------------------------------------------------------------------
    def post(self, activity: dict[str, Any], *, auth: str | None = "genuine") -> Response:
        """POST an activity as Teams would: with a genuine token, or `auth` as the header."""
        headers = {}
        if auth == "genuine":
            headers["Authorization"] = f"Bearer {self.fake.token()}"
        elif auth is not None:
            headers["Authorization"] = auth
        started = time.monotonic()
        answer = httpx.post(f"{self.url}/api/messages", json=activity, headers=headers, timeout=20)
        body = (
            answer.json()
            if answer.headers.get("content-type", "").startswith("application/json")
            else answer.text
        )
        return Response(answer.status_code, body, time.monotonic() - started)

    def personal(self, handle: str, text: str) -> dict[str, Any]:
        activity = personal_message(text, service_url=self.fake.service_url, user=user(handle))
        activity["conversation"]["id"] = chat_of(handle)
        return activity

    def say(self, handle: str, text: str) -> Response:
        """Type to the bot in one's 1:1 chat."""
        return self.post(self.personal(handle, text))

    def mention(self, handle: str, text: str) -> dict[str, Any]:
        """@improvebot <text> in the team's channel."""
        return channel_message(text, service_url=self.fake.service_url, user=user(handle))

    def install(self, scope: str = "team", handle: str = "amira.khan") -> Response:
        activity = bot_added(service_url=self.fake.service_url, scope=scope)
        activity["from"] = user(handle)
        if scope == "personal":
            activity["conversation"]["id"] = chat_of(handle)
        return self.post(activity)

    def press(
        self,
        handle: str,
        button: dict[str, Any],
        inputs: dict[str, Any] | None = None,
        *,
        conversation: str | None = None,
    ) -> Response:
        """Press an Action.Execute button of a card the bot sent."""
        activity = card_action(
            button["verb"], dict(button["data"]), service_url=self.fake.service_url, inputs=inputs
        )
        activity["from"] = user(handle)
        activity["conversation"]["id"] = conversation or chat_of(handle)
        return self.post(activity)


# -- reading what the bot sent ----------------------------------------------------------------
def card_of(message: Any) -> dict[str, Any]:
    """The Adaptive Card in a message activity (or an invoke response), schema-checked."""
    if isinstance(message, Call):
        message = message.body
    if message.get("type") == "application/vnd.microsoft.card.adaptive":
        card = message["value"]
    else:
        [attachment] = message["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        card = attachment["content"]
    problems = [
        f"{list(e.absolute_path)}: {e.message[:200]}" for e in CARD_SCHEMA.iter_errors(card)
    ]
    assert problems == []
    return card


def _walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def texts(message: Any) -> list[str]:
    """Each TextBlock's text, as sent (escaped Markdown)."""
    return [n["text"] for n in _walk(card_of(message)) if n.get("type") == "TextBlock"]


def seen(message: Any) -> str:
    """What a person reads: each TextBlock's Markdown rendered, tags and escapes gone."""
    out = []
    for text in texts(message):
        rendered = MARKDOWN.render(text)
        out.append(html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "").strip())
    return "\n".join(out)


def tags(message: Any) -> set[str]:
    """HTML elements the TextBlocks' Markdown would make, beyond paragraphs and bold."""
    found: set[str] = set()
    for text in texts(message):
        found |= set(re.findall(r"<([a-z][a-z0-9]*)", MARKDOWN.render(text)))
    return found - {"p", "strong"}


def buttons(message: Any, ref: str | None = None) -> dict[str, dict[str, Any]]:
    """The card's Action.Execute buttons by title (for one action's ref, when given)."""
    return {
        n["title"]: n
        for n in _walk(card_of(message))
        if n.get("type") == "Action.Execute" and (ref is None or n["data"].get("ref") == ref)
    }


def wait_until(check: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def sends_to(fake: FakeTeams, conversation: str) -> list[Call]:
    return [c for c in fake.calls("send") if c.conversation == conversation]
