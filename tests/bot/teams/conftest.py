"""Fixtures for the Teams tests: a fake Bot Connector (and Bot Framework login) on loopback,
and the real improvebot server with the Teams routes, over a council-shaped plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.bot.teams.rig import TeamsRig
from tests.fakes.teams import FakeTeams
from tests.plan_builder import build_plan


@pytest.fixture
def teams() -> Iterator[FakeTeams]:
    fake = FakeTeams().start()
    yield fake
    fake.stop()


@pytest.fixture
def plan(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        build_plan(s, now)


@pytest.fixture
def rig(
    db: sessionmaker[Session], now: datetime, teams: FakeTeams, plan: None
) -> Iterator[TeamsRig]:
    rig = TeamsRig(db, now, teams).start()
    yield rig
    rig.stop()
