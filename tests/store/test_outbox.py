"""The outbox: queued once per key, claimed once, recovered after a crash."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import outbox
from store.models import OutboxMessage

LEASE = timedelta(minutes=2)


def _queue(s: Session, key: str, now: datetime) -> bool:
    return bool(
        outbox.enqueue_many(
            s,
            [
                outbox.Message(
                    key=key,
                    kind="reminder",
                    platform="slack",
                    target="person:1",
                    payload={"text": "hi"},
                )
            ],
            now,
        )
    )


def test_same_key_is_queued_once(db: sessionmaker[Session], now: datetime) -> None:
    """Queuing the same message twice (a sweep run twice) leaves one message."""
    with db.begin() as s:
        assert _queue(s, "reminder|1|1|2026-11-16", now)
    with db.begin() as s:
        assert not _queue(s, "reminder|1|1|2026-11-16", now)
        assert _queue(s, "reminder|1|1|2026-11-17", now)
    with db() as s:
        assert len(s.scalars(select(OutboxMessage)).all()) == 2


def test_claim_takes_due_messages_once(db: sessionmaker[Session], now: datetime) -> None:
    """A claimed message is not claimed again while its sender holds it."""
    with db.begin() as s:
        _queue(s, "a", now)
        _queue(s, "later", now + timedelta(hours=1))
    with db.begin() as s:
        assert [m.key for m in outbox.claim(s, now, lease=LEASE)] == ["a"]
    with db.begin() as s:
        assert outbox.claim(s, now + timedelta(minutes=1), lease=LEASE) == []


def test_abandoned_claim_is_taken_again(db: sessionmaker[Session], now: datetime) -> None:
    """A message whose sender died mid-delivery is claimed again once the lease runs out."""
    with db.begin() as s:
        _queue(s, "a", now)
    with db.begin() as s:
        outbox.claim(s, now, lease=LEASE)
    with db.begin() as s:
        (again,) = outbox.claim(s, now + LEASE + timedelta(seconds=1), lease=LEASE)
        assert (again.key, again.attempts) == ("a", 2)


def test_retries_end_in_failure_with_reason(db: sessionmaker[Session], now: datetime) -> None:
    """After the last attempt a message is failed, keeping the last error for the plan lead."""
    with db.begin() as s:
        _queue(s, "a", now)
    for n in range(outbox.MAX_ATTEMPTS):
        with db.begin() as s:
            (message,) = outbox.claim(s, now + timedelta(minutes=10 * n), lease=LEASE)
            outbox.retry(
                s, message.id, now + timedelta(minutes=10 * n + 1), f"Slack answered 500 ({n})"
            )
    with db() as s:
        message = s.scalars(select(OutboxMessage)).one()
        assert (message.state, message.last_error) == (
            "failed",
            f"Slack answered 500 ({outbox.MAX_ATTEMPTS - 1})",
        )
        assert outbox.waiting(s) == [message]
