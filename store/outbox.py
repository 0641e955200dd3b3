"""The outbox: every message the bot will send, queued in the transaction that decided it.

A message is queued once per idempotency key (a second sweep of the same instant inserts
nothing), claimed by exactly one sender (row locks with SKIP LOCKED on PostgreSQL; SQLite
serialises writers), and re-claimed if its sender died mid-delivery: at least once, and a
duplicate only for the message that was in flight.

A transient failure (the platform unreachable, a 5xx, a timeout) keeps a message pending for
a day of failures (GIVE_UP_AFTER), however many attempts that takes; a permanent one fails it
at once. Failed messages stay until `requeue` sends them again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import OutboxMessage
from store.models.outbox import OutboxState as State

# Transient failures are retried for at least this long before a message is given up.
GIVE_UP_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Message:
    key: str
    kind: str
    platform: str
    target: str
    payload: dict[str, Any]
    plan_id: int | None = None
    workspace: str = ""


def enqueue_many(session: Session, messages: Sequence[Message], now: datetime) -> list[Message]:
    """Queue the messages whose keys are new, in one round trip; returns those it queued.

    A concurrent sweep may queue the same key between the check and the insert: the unique
    key still stops a duplicate, and only the report of what was queued is approximate.
    """
    if not messages:
        return []
    keys = [m.key for m in messages]
    taken = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
    fresh = [m for m in messages if m.key not in taken]
    if fresh:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        rows = [
            {"key": m.key, "kind": m.kind, "plan_id": m.plan_id, "platform": m.platform,
             "workspace": m.workspace, "target": m.target, "payload": m.payload,
             "state": State.PENDING, "attempts": 0, "next_attempt_at": now, "created_at": now,
             "result": {}}
            for m in fresh
        ]  # fmt: skip
        statement = insert(cast(Table, OutboxMessage.__table__)).on_conflict_do_nothing(
            index_elements=["key"]
        )
        session.connection().execute(statement, rows)
    return fresh


def claim(
    session: Session, now: datetime, *, limit: int = 500, lease: timedelta
) -> list[OutboxMessage]:
    """Take due messages for this sender until `now + lease`; abandoned claims are due again."""
    due = or_(
        and_(OutboxMessage.state == State.PENDING, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.state == State.SENDING, OutboxMessage.claimed_until < now),
    )
    found = list(
        session.scalars(
            select(OutboxMessage)
            .where(due)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for message in found:
        message.state = State.SENDING
        message.claimed_until = now + lease
        message.attempts += 1
    return found


def sent(session: Session, message_id: int, now: datetime, result: dict[str, Any]) -> None:
    message = session.get_one(OutboxMessage, message_id)
    message.state, message.sent_at, message.result = State.SENT, now, result
    message.claimed_until = message.last_error = message.failing_since = None


def retry(
    session: Session,
    message_id: int,
    *,
    now: datetime,
    at: datetime,
    error: str,
    result: dict[str, Any] | None = None,
    give_up_after: timedelta = GIVE_UP_AFTER,
) -> bool:
    """A transient failure at `now`: try again at `at`, or give up once the failures have
    lasted `give_up_after`. True while the message is still pending."""
    message = session.get_one(OutboxMessage, message_id)
    message.last_error = error[:1000]
    message.claimed_until = None
    message.failing_since = message.failing_since or now
    if result:
        message.result = {**message.result, **result}
    if now - message.failing_since >= give_up_after:
        message.state = State.FAILED
        return False
    message.state, message.next_attempt_at = State.PENDING, at
    return True


def release(
    session: Session, message_id: int, at: datetime, *, now: datetime, reason: str | None = None
) -> None:
    """Put back a claimed message that was never tried, until `at`. With a reason (the
    message before it to the same place just failed) it shares that failure's clock."""
    message = session.get_one(OutboxMessage, message_id)
    message.state, message.next_attempt_at, message.claimed_until = State.PENDING, at, None
    message.attempts = max(message.attempts - 1, 0)
    if reason:
        message.last_error = reason[:1000]
        message.failing_since = message.failing_since or now


def failed(session: Session, message_id: int, reason: str) -> None:
    message = session.get_one(OutboxMessage, message_id)
    message.state, message.last_error, message.claimed_until = (
        State.FAILED,
        reason[:1000],
        None,
    )


def requeue(
    session: Session, now: datetime, *, plan_id: int | None = None, message_id: int | None = None
) -> int:
    """Send failed messages again from now, as if new (the last error is kept until one is
    sent); how many. A thread already partly posted carries on where it stopped."""
    query = select(OutboxMessage).where(OutboxMessage.state == State.FAILED)
    if plan_id is not None:
        query = query.where(OutboxMessage.plan_id == plan_id)
    if message_id is not None:
        query = query.where(OutboxMessage.id == message_id)
    found = session.scalars(query.with_for_update()).all()
    for message in found:
        message.state, message.next_attempt_at, message.attempts = State.PENDING, now, 0
        message.failing_since = message.reported_at = message.claimed_until = None
    return len(found)


def waiting(session: Session, plan_id: int | None = None) -> Sequence[OutboxMessage]:
    """Pending, in-flight and failed messages, for plan leads to see."""
    query = select(OutboxMessage).where(OutboxMessage.state != State.SENT)
    if plan_id is not None:
        query = query.where(OutboxMessage.plan_id == plan_id)
    return session.scalars(query.order_by(OutboxMessage.state, OutboxMessage.id)).all()


def next_due(session: Session) -> datetime | None:
    """When the next message becomes due: a pending one, or one whose sender's claim runs
    out (a sender that died mid-delivery). None when nothing is waiting."""
    pending = session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.state == State.PENDING)
    )
    abandoned = session.scalar(
        select(func.min(OutboxMessage.claimed_until)).where(OutboxMessage.state == State.SENDING)
    )
    found = [t for t in (pending, abandoned) if t is not None]
    return min(found) if found else None


def count(session: Session, state: str) -> int:
    return int(session.scalar(select(func.count()).where(OutboxMessage.state == state)) or 0)


@dataclass(frozen=True)
class Backlog:
    """What waits in the outbox: how many, the next attempt, and why (error: how many)."""

    waiting: int = 0
    next_at: datetime | None = None
    reasons: Counter[str] = field(default_factory=Counter)


def backlog(session: Session) -> Backlog:
    rows = session.execute(
        select(OutboxMessage.last_error, func.count(), func.min(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.state.in_([State.PENDING, State.SENDING]))
        .group_by(OutboxMessage.last_error)
    ).all()
    if not rows:
        return Backlog()
    return Backlog(
        waiting=sum(n for _, n, _ in rows),
        next_at=min(at for _, _, at in rows),
        reasons=Counter({error: n for error, n, _ in rows if error}),
    )
