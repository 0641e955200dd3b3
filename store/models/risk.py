"""The risk register: risks, their ratings, and the actions that mitigate them.

Ratings are kept as levels, "4x3" (likelihood 4 of the matrix's scale, impact 3), whatever
the plan's matrix calls them ("4x3", "B2"): store.risks.matrix turns one into the other, so
a plan can rename its scale without rewriting its risks or their history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .base import Base

if TYPE_CHECKING:
    from .action import Action
    from .people import Person

risk_actions = Table(
    "risk_actions",
    Base.metadata,
    Column("risk_id", ForeignKey("risks.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
)

OPEN, TOLERATED, CLOSED = "open", "tolerated", "closed"
RISK_STATUSES = (OPEN, TOLERATED, CLOSED)


class Risk(Base):
    __tablename__ = "risks"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))  # R1, R2 …
    number: Mapped[int] = mapped_column(default=0)  # 7 for R7: codes sort by it
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str | None] = mapped_column(Text)
    consequence: Mapped[str | None] = mapped_column(Text)
    controls: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    # Levels "likelihood x impact": before controls, with them now, and the aim.
    inherent: Mapped[str | None] = mapped_column(String(8))
    current: Mapped[str | None] = mapped_column(String(8))
    target: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default=OPEN)
    # The next review is due on review_date; after each review it moves on by review_every
    # ("4w" four weeks, "1m" a month, "3m" a quarter).
    review_date: Mapped[date | None]
    review_every: Mapped[str] = mapped_column(String(8), default="1m")
    reviewed_on: Mapped[date | None]
    latest_note: Mapped[str | None] = mapped_column(Text)
    # When the owner was last reminded that a review is due (the reminder repeats weekly).
    reminded_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    owner: Mapped[Person | None] = relationship()
    actions: Mapped[list[Action]] = relationship(secondary=risk_actions, order_by="Action.ref_key")

    @property
    def is_open(self) -> bool:
        return self.status != CLOSED
