"""Key performance indicators and their readings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .action import action_kpis
from .base import Base

if TYPE_CHECKING:
    from .action import Action
    from .people import Person


class Kpi(Base):
    __tablename__ = "kpis"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(16), default="")
    # "higher", "lower" or "target" (closest to target is best)
    polarity: Mapped[str] = mapped_column(String(8), default="higher")
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    tolerance: Mapped[float] = mapped_column(default=0.10)
    frequency: Mapped[str] = mapped_column(String(12), default="monthly")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    owner: Mapped[Person | None] = relationship()
    readings: Mapped[list[KpiReading]] = relationship(
        back_populates="kpi", order_by="KpiReading.period", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(secondary=action_kpis, back_populates="kpis")


class KpiReading(Base):
    __tablename__ = "kpi_readings"
    __table_args__ = (UniqueConstraint("kpi_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    # "2026-03" for a month, "2026-Q1" for a quarter, "2026" for a year: sorts as text.
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    kpi: Mapped[Kpi] = relationship(back_populates="readings")
