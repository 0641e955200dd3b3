"""Improvement Board meetings: one-offs and series (the behaviour is in store.boards)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .base import Base


class BoardSeries(Base):
    __tablename__ = "board_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # RRULE text with DTSTART;TZID=… so local wall-clock time survives clock changes.
    rrule: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    updates_deadline_days: Mapped[int] = mapped_column(default=10)
    papers_deadline_days: Mapped[int] = mapped_column(default=5)
    rotate_themes: Mapped[int] = mapped_column(default=2)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    meetings: Mapped[list[BoardMeeting]] = relationship(back_populates="series")


class BoardMeeting(Base):
    __tablename__ = "board_meetings"
    # One row per occurrence of a series, even when two processes materialise it at once.
    # One-off meetings have no series and no occurrence; NULLs never clash.
    __table_args__ = (UniqueConstraint("series_id", "occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_series.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # For a series occurrence: the start the rule gave it, so a moved meeting is not re-made.
    occurrence: Mapped[datetime | None] = mapped_column(UTCDateTime())
    themes: Mapped[list[Any]] = mapped_column(default=list)
    updates_deadline_days: Mapped[int] = mapped_column(default=10)
    papers_deadline_days: Mapped[int] = mapped_column(default=5)
    # "scheduled", "cancelled" or "held"
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    series: Mapped[BoardSeries | None] = relationship(back_populates="meetings")
