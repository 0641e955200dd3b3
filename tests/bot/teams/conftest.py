"""Fixtures for the Teams tests: a fake Bot Connector (and Bot Framework login) on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.teams import FakeTeams


@pytest.fixture
def teams() -> Iterator[FakeTeams]:
    fake = FakeTeams().start()
    yield fake
    fake.stop()
