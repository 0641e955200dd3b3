"""When each action was last in a reminder, per kind: overdue, stale and escalation repeat
at most weekly."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ReminderLog(Base):
    __tablename__ = "reminder_log"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_on: Mapped[date]
