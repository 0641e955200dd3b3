"""What Teams needs remembered between requests: where each conversation lives, and the state
of cards whose buttons can be pressed.

Teams can only message a conversation it has heard from (or a 1:1 chat it creates by user id),
and only at that conversation's serviceUrl, so every inbound activity leaves its reference
here. A card's buttons come back with nothing but their own data, so the card they belong to
is kept here too, to be redrawn with a receipt where the pressed buttons were.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from store.timeutil import UTCDateTime

from .base import Base


class TeamsConversation(Base):
    """A conversation reference: a 1:1 chat with someone, a team's channel or a group chat."""

    __tablename__ = "teams_conversations"
    __table_args__ = (Index("ix_teams_conversations_user", "tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # For a channel, the channel's own id (never a thread's "…;messageid=…").
    conversation_id: Mapped[str] = mapped_column(String(400), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # personal, channel, groupChat
    tenant_id: Mapped[str] = mapped_column(String(64), default="")
    service_url: Mapped[str] = mapped_column(String(400))
    # personal: the person's Teams user id ("29:…"); channel: the team's id.
    user_id: Mapped[str | None] = mapped_column(String(200))
    team_id: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamsCard(Base):
    """A card with action buttons (a reminder, a dashboard): what it shows, and what was done."""

    __tablename__ = "teams_cards"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # reminder, home
    view: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # "plan:ref" -> the receipt shown where that action's buttons were
    done: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
