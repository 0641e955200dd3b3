"""Plans, their themes, and who holds which role in each."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.domain import DEFAULT_TIMEZONE, Status
from store.timeutil import UTCDateTime

from .base import Base

if TYPE_CHECKING:
    from .action import Action
    from .people import Person


class Plan(Base):
    """An improvement plan: one council's ILACS plan, a SEND written statement of action …"""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    region: Mapped[str] = mapped_column(String(8), default="ENG")
    workspace: Mapped[str | None] = mapped_column(String(64))
    # "#improvement", a Slack channel id, or "teams:<conversation id>" (which runs long).
    channel: Mapped[str | None] = mapped_column(String(200))
    digest_weekday: Mapped[int] = mapped_column(default=0)
    digest_time: Mapped[str] = mapped_column(String(5), default="09:00")
    # status meaning -> the plan's own label, e.g. {"green": "On track"}
    status_labels: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reminder_policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    closure_days: Mapped[list[Any]] = mapped_column(default=list)
    require_evidence: Mapped[bool] = mapped_column(default=False)
    require_signoff: Mapped[bool] = mapped_column(default=False)
    public_confirmations: Mapped[bool] = mapped_column(default=False)
    # Everything else a plan can tune (KPI rules, report grouping, board defaults …), by key.
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    themes: Mapped[list[Theme]] = relationship(
        back_populates="plan", order_by="Theme.number_key", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="plan", order_by="Action.ref_key", cascade="all, delete-orphan"
    )
    members: Mapped[list[Membership]] = relationship(
        back_populates="plan", cascade="all, delete-orphan"
    )

    def label(self, status: str) -> str:
        """The plan's word for a status meaning."""

        return str(self.status_labels.get(status) or Status(status).word)


class Theme(Base):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(12))
    number_key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    plan: Mapped[Plan] = relationship(back_populates="themes")
    lead: Mapped[Person | None] = relationship()
    actions: Mapped[list[Action]] = relationship(back_populates="theme", order_by="Action.ref_key")


class Membership(Base):
    """A person's role in a plan (plan lead, theme lead, owner, viewer)."""

    __tablename__ = "memberships"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    plan: Mapped[Plan] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(back_populates="memberships")
