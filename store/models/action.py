"""Actions and their evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.domain import Status
from store.timeutil import UTCDateTime

from .base import Base
from .recommendation import action_recommendations

if TYPE_CHECKING:
    from .kpi import Kpi
    from .people import Person
    from .plan import Plan, Theme
    from .recommendation import Recommendation

action_kpis = Table(
    "action_kpis",
    Base.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("kpi_id", ForeignKey("kpis.id", ondelete="CASCADE"), primary_key=True),
)


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    ref: Mapped[str] = mapped_column(String(24))
    ref_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    success_measure: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    supporting: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[date | None]
    baseline_due: Mapped[date | None]
    # None means "Ongoing": no due date.
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default=Status.NOT_STARTED.value)
    signoff_pending: Mapped[bool] = mapped_column(default=False)
    latest_note: Mapped[str | None] = mapped_column(Text)
    snoozed_until: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Last time anyone changed anything or added a note: what "stale" is measured from.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    plan: Mapped[Plan] = relationship(back_populates="actions")
    theme: Mapped[Theme | None] = relationship(back_populates="actions")
    owner: Mapped[Person | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="action", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    kpis: Mapped[list[Kpi]] = relationship(secondary=action_kpis, back_populates="actions")
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=action_recommendations,
        back_populates="actions",
        order_by="Recommendation.sort_key",
    )

    @property
    def state(self) -> Status:
        return Status(self.status)

    @property
    def is_open(self) -> bool:
        return self.state.is_open or self.signoff_pending

    def is_overdue(self, today: date) -> bool:
        return self.state.is_open and self.due_date is not None and self.due_date < today


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())

    action: Mapped[Action] = relationship(back_populates="evidence")
    added_by: Mapped[Person | None] = relationship()
