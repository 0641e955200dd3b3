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


def test_transient_failures_last_a_day_then_fail(db: sessionmaker[Session], now: datetime) -> None:
    """Transient failures keep a message pending for a day, however many attempts that is;
    the first failure after that fails it, keeping the last error for the plan leads."""
    with db.begin() as s:
        _queue(s, "a", now)
    at, n = now, 0
    while at - now < outbox.GIVE_UP_AFTER:
        with db.begin() as s:
            (message,) = outbox.claim(s, at, lease=LEASE)
            pending = outbox.retry(
                s,
                message.id,
                now=at,
                at=at + timedelta(minutes=15),
                error=f"Slack answered 500 ({n})",
            )
            assert pending, f"failed after {at - now} of failures"
        at, n = at + timedelta(minutes=15), n + 1
    with db.begin() as s:
        (message,) = outbox.claim(s, at, lease=LEASE)
        assert not outbox.retry(s, message.id, now=at, at=at, error=f"Slack answered 500 ({n})")
    with db() as s:
        message = s.scalars(select(OutboxMessage)).one()
        assert (message.state, message.last_error, message.attempts) == (
            "failed",
            f"Slack answered 500 ({n})",
            97,
        )
        assert message.failing_since == now
        assert outbox.waiting(s) == [message]


def test_requeue_gives_failed_messages_a_fresh_start(
    db: sessionmaker[Session], now: datetime
) -> None:
    """A requeued message is due at once with a fresh day of retries; others are untouched."""
    with db.begin() as s:
        for key in ("a", "b", "c"):
            _queue(s, key, now)
    with db.begin() as s:
        a, b, c = outbox.claim(s, now, lease=LEASE)
        outbox.failed(s, a.id, "Slack said is_archived")
        outbox.failed(s, b.id, "Slack said is_archived")
        outbox.sent(s, c.id, now, {})
    later = now + timedelta(days=2)
    with db.begin() as s:
        assert outbox.requeue(s, later, message_id=b.id) == 1
        assert outbox.requeue(s, later) == 1
        assert outbox.requeue(s, later) == 0
    with db() as s:
        states = {m.key: (m.state, m.attempts, m.next_attempt_at) for m in outbox.waiting(s)}
        assert states == {"a": ("pending", 0, later), "b": ("pending", 0, later)}
        assert outbox.backlog(s).waiting == 2
