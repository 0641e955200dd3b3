"""The bot owns the clock: real time in production, a settable one in the console and tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that only moves when told to (the console's simulated time, tests)."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> datetime:
        self.at += delta
        return self.at


@dataclass
class OffsetClock:
    """Real time, shifted to start at a chosen instant: `sweep --now` delivers at real speed."""

    start: datetime
    _began: float = field(default_factory=time.monotonic)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._began)


def clock_at(now: str | None) -> FixedClock:
    """The console's clock: it starts now (or at `now`, ISO with a zone) and moves only when
    told to. A `now` without a zone is refused: it could be read two ways."""
    if not now:
        return FixedClock(datetime.now(UTC))
    moment = datetime.fromisoformat(now)
    if moment.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-11-16T09:00+00:00")
    return FixedClock(moment)
