"""Socket Mode: the same commands and replies over a WebSocket instead of HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.clock import FixedClock
from bot.settings import Settings
from bot.slack.app import build
from bot.slack.server import socket_mode
from store.models import Action
from tests.bot.slack_rig import SECRET, TEAM
from tests.fakes.slack import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode().start()
    fake.on("apps.connections.open", lambda call: {"ok": True, "url": server.url})
    yield server
    server.stop()


def test_slash_command_over_socket_mode(
    db: sessionmaker[Session],
    now: datetime,
    fake: FakeSlack,
    socket: FakeSocketMode,
    plan_in_slack: None,
) -> None:
    """`serve --socket` connects with the app token and answers a slash command in its ack."""
    settings = Settings(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_app_token="xapp-test",
        slack_api_url=fake.base_url,
    )
    runtime = build(create_app(settings, sessions=db, clock=FixedClock(now)))
    handler = socket_mode(runtime.bolt, "xapp-test")
    handler.connect()
    try:
        socket.send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": TEAM,
                    "user_id": "UJANE",
                    "channel_id": "D0DM",
                    "command": "/action",
                    "text": "update 4.2 green Backlog cleared",
                    "response_url": f"{fake.url}/response/x",
                    "trigger_id": "1.2.3",
                    "api_app_id": "A0APP",
                },
            }
        )
        ack = socket.acks.get(timeout=10)
    finally:
        handler.close()
        runtime.close()
    assert ack["envelope_id"] == "env-1"
    assert ack["payload"]["text"].startswith("Updated *4.2* Clear the assessment backlog")
    assert fake.calls("apps.connections.open")[0].headers["Authorization"] == "Bearer xapp-test"
    with db() as s:
        assert s.scalars(select(Action.status).where(Action.ref == "4.2")).one() == "green"
