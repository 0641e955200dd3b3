"""A test rig for Slack: fake Slack Web API, the real improvebot HTTP server, signed requests."""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier
from sqlalchemy.orm import Session, sessionmaker

from bot.app import App, create_app
from bot.clock import FixedClock
from bot.settings import Settings
from bot.slack.app import SlackRuntime, build
from bot.slack.server import make_server, stop
from tests.fakes.slack import FakeSlack

SECRET = "test-signing-secret"
TEAM = "T0FAKE"
USERS = {
    # Slack user id -> plan handle (tests/plan_builder.py people)
    "UAMIRA": "amira.khan",
    "UTOM": "tom.lee",
    "UJANE": "jane.smith",
    "USAM": "sam.patel",
    "UVAL": "val.jones",
}


@dataclass
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class SlackRig:
    db: sessionmaker[Session]
    now: datetime
    fake: FakeSlack
    settings_extra: dict[str, Any] = field(default_factory=dict)
    services: App | None = None
    server: Any = None
    thread: Any = None
    runtime: SlackRuntime | None = None
    last_trigger: str = ""

    def start(self) -> SlackRig:
        options: dict[str, Any] = {
            "slack_bot_token": "xoxb-test",
            "slack_signing_secret": SECRET,
            "slack_api_url": self.fake.base_url,
        }
        settings = Settings(database_url="unused", **(options | self.settings_extra))
        self.services = create_app(settings, sessions=self.db, clock=FixedClock(self.now))
        self.runtime = build(self.services)
        self.server = make_server(self.runtime.bolt, "127.0.0.1", 0, signing_secret=SECRET)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            stop(self.server)
            self.thread.join(timeout=5)
            self.server.task_dispatcher.shutdown()
        if self.runtime is not None:
            self.runtime.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.effective_port}"

    # -- requests ----------------------------------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        path: str = "/slack/events",
    ) -> Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            self.url + path,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
            },
        )
        return _send(request)

    def get(self, path: str) -> Response:
        return _send(urllib.request.Request(self.url + path))

    def command(
        self,
        user: str,
        text: str,
        *,
        channel: str = "D0DM",
        team: str = TEAM,
        trigger_id: str | None = None,
        **kwargs: Any,
    ) -> Response:
        name, _, rest = text.partition(" ")
        form = {
            "token": "legacy",
            "team_id": team,
            "team_domain": "council",
            "channel_id": channel,
            "channel_name": "directmessage",
            "user_id": user,
            "user_name": user.lower(),
            "command": name,
            "text": rest,
            "api_app_id": "A0APP",
            "response_url": f"{self.fake.url}/response/{user}",
            # Slack gives every request its own; a replay of one request repeats it.
            "trigger_id": trigger_id or _trigger(),
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded", **kwargs)

    def interact(self, payload: dict[str, Any]) -> Response:
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def press(
        self,
        user: str,
        action_id: str,
        block_id: str,
        value: str,
        *,
        message: dict[str, Any] | None,
        channel: str = "D0DM",
    ) -> Response:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": user},
            "api_app_id": "A0APP",
            "trigger_id": self._press_trigger(),
            "response_url": f"{self.fake.url}/response/press-{user}",
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
        if message is not None:
            payload |= {
                "container": {
                    "type": "message",
                    "message_ts": message["ts"],
                    "channel_id": channel,
                },
                "channel": {"id": channel},
                "message": message,
            }
        else:
            payload |= {
                "container": {"type": "view", "view_id": "VHOME"},
                "view": {"id": "VHOME", "type": "home"},
            }
        return self.interact(payload)

    def _press_trigger(self) -> str:
        self.last_trigger = _trigger()
        return self.last_trigger

    def submit(
        self, user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
    ) -> Response:
        state = {"values": {block: {"value": element} for block, element in values.items()}}
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user},
            "api_app_id": "A0APP",
            "view": {**view, "id": "VMODAL", "state": state},
        }
        return self.interact(payload)

    def event(self, event: dict[str, Any], *, event_id: str, retry: bool = False) -> Response:
        body = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(body), "application/json")


def _trigger() -> str:
    return f"{time.time_ns()}.{next(_TRIGGERS)}"


_TRIGGERS = itertools.count()


def _send(request: urllib.request.Request) -> Response:
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return Response(answer.status, answer.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode())


def wait_until(check: Any, timeout: float = 5.0) -> Any:
    """Lazy listeners run on other threads: poll until `check()` is truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met in time")
