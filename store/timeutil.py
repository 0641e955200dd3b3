"""Aware-UTC timestamps in the database, on SQLite as on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns them aware.

    SQLite has no time zones, so naive values come back from it; they are UTC by construction.
    A naive value on the way in is a bug, so it is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: improvebot stores aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def local_instant(day: date, at: time, zone: str) -> datetime:
    """A local wall-clock time on a day, as aware UTC (zoneinfo picks GMT or BST for that day)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def is_clear_of_clock_change(day: date, at: time, zone: str) -> bool:
    """False when `at` on `day` is skipped or happens twice because the clocks change."""
    tz = ZoneInfo(zone)
    first = datetime.combine(day, at, tzinfo=tz)
    second = first.replace(fold=1)
    if first.utcoffset() != second.utcoffset():
        return False  # repeated (clocks go back) or skipped (clocks go forward)
    return first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == first.replace(tzinfo=None)


def clock_change_clash(at: time, zone: str, start: date, days: int = 366) -> date | None:
    """The first day from `start` on which `at` is skipped or repeated in `zone`, or None.

    A weekly job or a series of meetings at such a time would run twice or not at all on
    the day the clocks change (01:00 to 02:00 in the UK).
    """
    for offset in range(days):
        day = start + timedelta(days=offset)
        if not is_clear_of_clock_change(day, at, zone):
            return day
    return None
