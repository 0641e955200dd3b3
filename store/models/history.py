"""The append-only history: one Update per act, one Change per field it changed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .base import Base

if TYPE_CHECKING:
    from .people import Person


class Update(Base):
    __tablename__ = "updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    kpi_id: Mapped[int | None] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"))
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("risks.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    via: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person | None] = relationship()
    changes: Mapped[list[Change]] = relationship(
        back_populates="update", order_by="Change.id", cascade="all, delete-orphan"
    )


class Change(Base):
    """One field's old and new value, as text (ISO dates, status values, person ids)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_action_field_at", "action_id", "field", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("updates.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    # A risk's changes (its ratings, owner, status …) have a risk and no action.
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("risks.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(32))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    # Copied from the update so as-at reads need no join.
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    update: Mapped[Update] = relationship(back_populates="changes")
