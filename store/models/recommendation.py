"""The findings a plan answers: Ofsted recommendations, areas for improvement, DfE notice
items. Actions link to the findings they address (many to many)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .base import Base

if TYPE_CHECKING:
    from .action import Action

action_recommendations = Table(
    "action_recommendations",
    Base.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(24))  # REC3, AFI2, DFE4, or the plan's own
    sort_key: Mapped[str] = mapped_column(String(64))  # REC2 before REC10
    source: Mapped[str] = mapped_column(String(200), default="")  # "Ofsted ILACS, March 2026"
    text: Mapped[str] = mapped_column(Text, default="")
    issued: Mapped[date | None]  # the date of the report or notice
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    actions: Mapped[list[Action]] = relationship(
        secondary=action_recommendations,
        back_populates="recommendations",
        order_by="Action.ref_key",
    )
