"""Fixtures for the bot tests: a fake Slack, the real server on loopback, and what `serve` would serve."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot import server as http
from store import people
from tests.bot.slack_rig import TEAM, USERS, SlackRig
from tests.fakes.slack import FakeSlack
from tests.plan_builder import build_plan


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    for user_id, handle in USERS.items():
        fake.add_user(user_id, handle.replace(".", " ").title(), f"{handle}@council.gov.uk")
    yield fake
    fake.stop()


@pytest.fixture
def plan_in_slack(db: sessionmaker[Session], now: datetime) -> None:
    """The test plan, with every person except Sam already known to Slack by id."""
    with db.begin() as s:
        build_plan(s, now)
        for user_id, handle in USERS.items():
            if handle != "sam.patel":
                person = people.by_email(s, f"{handle}@council.gov.uk")
                assert person is not None
                people.link_identity(s, person, "slack", TEAM, user_id)


@pytest.fixture
def rig(
    db: sessionmaker[Session], now: datetime, fake: FakeSlack, plan_in_slack: None
) -> Iterator[SlackRig]:
    rig = SlackRig(db, now, fake).start()
    yield rig
    rig.stop()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The routes `serve` would serve, and where; the server itself is not started."""
    started: list[dict[str, Any]] = []

    class Server:
        effective_port = 3000

        def __init__(self, routes: dict[str, Any], host: str, port: int) -> None:
            started.append({"routes": routes, "host": host, "port": port})

        def run(self) -> None:
            pass

    monkeypatch.setattr(http, "make_server", Server)
    return started
