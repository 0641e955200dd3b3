"""Inbound events already handled, so a platform's retries are not acted on twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from store.timeutil import UTCDateTime

from .base import Base


class SeenEvent(Base):
    __tablename__ = "seen_events"

    # e.g. "slack:Ev0123…"; the primary key makes a second insert fail, which is the point.
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
