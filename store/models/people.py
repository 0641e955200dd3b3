"""People and the chat identities that map to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.timeutil import UTCDateTime

from .base import Base

if TYPE_CHECKING:
    from .plan import Membership


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(200))
    # Stored lower-cased: councils' spreadsheets mix cases and people are matched by email.
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    away_until: Mapped[date | None]
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    delegate: Mapped[Person | None] = relationship(remote_side=[id])
    identities: Mapped[list[ChatIdentity]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def display(self) -> str:
        return self.name or self.email or f"person {self.id}"

    def is_away(self, today: date) -> bool:
        return self.away_until is not None and today <= self.away_until


class ChatIdentity(Base):
    """A user on a chat platform (a Slack user in a workspace, a Teams user, a console name)."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[str] = mapped_column(String(200))
    # Cached so a reminder does not cost a conversations.open call each day.
    dm_channel: Mapped[str | None] = mapped_column(String(64))
    # Teams needs a stored conversation reference for proactive messages.
    reference: Mapped[str | None]

    person: Mapped[Person] = relationship(back_populates="identities")
