"""Delivering the outbox to a fake Slack: DMs, threads, pacing, 429s, 5xxs and failures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import SystemClock
from bot.delivery.sender import Sender
from bot.slack.transport import SlackTransport
from store import outbox, people
from store.models import ChatIdentity, OutboxMessage
from tests.fakes.slack import FakeSlack
from tests.plan_builder import build_plan


@pytest.fixture
def sender(db: sessionmaker[Session], fake: FakeSlack, now: datetime) -> Iterator[Sender]:
    with db.begin() as s:
        build_plan(s, now)
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    yield Sender(
        db,
        {"slack": SlackTransport(db, lambda workspace: client)},
        SystemClock(),
        per_channel=0.2,
        backoff=0.1,
    )


def _queue(db: sessionmaker[Session], key: str, target: str, **payload: object) -> None:
    with db.begin() as s:
        outbox.enqueue_many(
            s,
            [
                outbox.Message(
                    key=key,
                    kind="test",
                    platform="slack",
                    workspace="T0FAKE",
                    target=target,
                    payload={"text": key, **payload},
                )
            ],
            SystemClock().now(),
        )


def _person_id(db: sessionmaker[Session], email: str) -> int:
    with db() as s:
        person = people.by_email(s, email)
        assert person is not None
        return person.id


def _states(db: sessionmaker[Session]) -> dict[str, str]:
    with db() as s:
        return {m.key: m.state for m in s.scalars(select(OutboxMessage))}


def test_dm_found_by_email_then_cached(
    sender: Sender, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """A DM to a person finds their Slack user by email once; later DMs reuse the cached channel."""
    jane = _person_id(db, "jane.smith@council.gov.uk")
    _queue(db, "first", f"person:{jane}")
    sender.drain()
    _queue(db, "second", f"person:{jane}")
    sender.drain()
    assert [c.body["email"] for c in fake.calls("users.lookupByEmail")] == [
        "jane.smith@council.gov.uk"
    ]
    assert len(fake.calls("conversations.open")) == 1
    assert [c.body["channel"] for c in fake.calls("chat.postMessage")] == ["DUJANE", "DUJANE"]
    with db() as s:
        identity = s.scalars(select(ChatIdentity).where(ChatIdentity.platform == "slack")).one()
        assert (identity.user_id, identity.dm_channel) == ("UJANE", "DUJANE")


def test_long_lists_go_in_a_thread(
    sender: Sender, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """A message with a thread posts the main message, then each reply under it."""
    _queue(
        db, "digest", "channel:C0PLAN", thread=[{"text": "overdue list"}, {"text": "stale list"}]
    )
    sender.drain()
    main, *replies = fake.calls("chat.postMessage")
    assert main.body["channel"] == "C0PLAN" and "thread_ts" not in main.body
    assert [r.body["text"] for r in replies] == ["overdue list", "stale list"]
    # The fake gives the first message ts 1700000001.000100: both replies hang under it.
    assert {r.body["thread_ts"] for r in replies} == {"1700000001.000100"}


def test_rate_limits_and_errors_deliver_everything_once(
    sender: Sender, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """With 429s and 500s from Slack, every message is delivered, none twice."""
    fake.fail("chat.postMessage", 429, headers={"Retry-After": "1"})
    fake.fail("chat.postMessage", 500, times=2)
    for n in range(6):
        _queue(db, f"m{n}", f"channel:C{n % 2}")
    stats = sender.drain(deadline=60)
    delivered = [c.body["text"] for c in fake.calls("chat.postMessage", ok=True)]
    assert sorted(delivered) == [f"m{n}" for n in range(6)]
    assert stats.sent == 6 and stats.waited == 1 and stats.retried == 2
    assert set(_states(db).values()) == {"sent"}


def test_thread_failure_does_not_repost_main(
    sender: Sender, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """If a thread reply fails, the retry continues the thread rather than posting the message again."""
    calls = {"n": 0}

    def flaky(call: object) -> dict[str, object]:
        calls["n"] += 1
        if calls["n"] == 2:
            return {"ok": False, "error": "internal_error"}
        return {"ok": True, "ts": f"17000.{calls['n']}", "channel": "C0PLAN"}

    fake.on("chat.postMessage", flaky)
    _queue(db, "digest", "channel:C0PLAN", thread=[{"text": "one"}, {"text": "two"}])
    sender.drain(deadline=30)
    texts = [c.body["text"] for c in fake.calls("chat.postMessage")]
    assert texts == ["digest", "one", "one", "two"]
    assert _states(db) == {"digest": "sent"}


def test_permanent_failure_is_recorded(
    sender: Sender, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """A person with no Slack account is marked failed with the reason; the rest still go."""
    with db.begin() as s:
        ghost = people.find_or_create(s, name="Ghost Owner", email="ghost@council.gov.uk", at=now)
        ghost_id = ghost.id
    _queue(db, "to-ghost", f"person:{ghost_id}")
    _queue(db, "to-channel", "channel:C0PLAN")
    sender.drain()
    assert _states(db) == {"to-ghost": "failed", "to-channel": "sent"}
    with db() as s:
        failed = s.scalars(select(OutboxMessage).where(OutboxMessage.state == "failed")).one()
        assert failed.last_error == "No Slack user has the email ghost@council.gov.uk (Ghost Owner)"


def test_one_channel_is_paced(sender: Sender, fake: FakeSlack, db: sessionmaker[Session]) -> None:
    """Messages to one channel go one at a time, spaced out; other channels are not held up."""
    for n in range(3):
        _queue(db, f"same{n}", "channel:C0SAME")
    _queue(db, "other", "channel:C0OTHER")
    sender.drain()
    same = [c.at for c in fake.calls("chat.postMessage") if c.body["channel"] == "C0SAME"]
    other = [c.at for c in fake.calls("chat.postMessage") if c.body["channel"] == "C0OTHER"]
    assert all(b - a >= 0.18 for a, b in itertools.pairwise(same))
    assert other[0] - same[0] < 0.15


def test_thread_replies_keep_the_channel_pace(
    db: sessionmaker[Session], fake: FakeSlack, now: datetime
) -> None:
    """A digest with a long thread, to a Slack that allows one post per second per channel:
    the main message and every reply go a pace apart, so none meets a 429."""
    fake.pace_channels(1.0)
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    sender = Sender(db, {"slack": SlackTransport(db, lambda workspace: client)}, SystemClock())
    replies = [{"text": f"list {n}"} for n in range(4)]
    _queue(db, "digest", "channel:C0PLAN", thread=replies)
    _queue(db, "board", "channel:C0PLAN")
    stats = sender.drain(deadline=60)
    assert [c.status for c in fake.calls("chat.postMessage") if c.status != 200] == []
    texts = [c.body["text"] for c in fake.calls("chat.postMessage")]
    assert sorted(texts) == sorted(["digest", "board", *(r["text"] for r in replies)])
    assert (stats.sent, stats.waited) == (2, 0)
