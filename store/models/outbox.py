"""Every message the bot will send, written in the same transaction as the decision to send it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.timeutil import UTCDateTime

from .base import Base


class OutboxState(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # given up, with the reason in last_error; `outbox retry` requeues it


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_next", "state", "next_attempt_at"),
        # Each sweep asks per plan for its last digest and its unreported failures.
        Index("ix_outbox_plan_kind", "plan_id", "kind", "created_at"),
        Index("ix_outbox_plan_state", "plan_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # (kind, plan, recipient, local date): a second sweep cannot queue the same message again.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64), default="")
    target: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(12), default=OutboxState.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # When the current run of transient failures (outage, 5xx, timeouts) began: a message is
    # given up only after a day of them. Cleared when it is sent or requeued.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the plan leads were told it failed (store.notify.failures); None: not yet.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
