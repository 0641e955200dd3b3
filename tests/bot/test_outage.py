"""Slack out of reach: messages wait (a day at most), a sweep does not hang on it, the plan
leads hear about what failed once, and `outbox retry` sends failed messages again."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.clock import FixedClock
from bot.delivery.sender import Sender
from bot.slack.transport import SlackTransport
from store import outbox, people, plans
from store.domain import Role
from store.models import OutboxMessage
from store.notify import failures
from store.notify.sweep import Sweeper
from tests.fakes.slack import FakeSlack
from tests.plan_builder import build_plan

MONDAY_0905 = "2026-11-16T09:05:00+00:00"


def _env(fake: FakeSlack, database_url: str) -> dict[str, str]:
    return {
        "IMPROVEBOT_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": fake.base_url,
    }


def _run(args: list[str], env: dict[str, str]) -> str:
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _messages(db: sessionmaker[Session]) -> dict[str, OutboxMessage]:
    with db() as s:
        return {m.key: m for m in s.scalars(select(OutboxMessage))}


def _posted(fake: FakeSlack) -> Counter[tuple[str, str]]:
    """Each accepted post, by channel and text: a message sent twice counts 2."""
    return Counter(
        (c.body["channel"], c.body["text"]) for c in fake.calls("chat.postMessage", ok=True)
    )


def test_sweep_in_an_outage_keeps_messages_queued(
    db: sessionmaker[Session], now: datetime, database_url: str, fake: FakeSlack
) -> None:
    """With Slack unreachable, `sweep` stops delivering within its bound, exits 0 and says how
    many messages wait and why; once Slack is back, the next sweep delivers each once."""
    with db.begin() as s:
        build_plan(s, now)
    env = _env(fake, database_url)
    fake.go_down()
    started = time.monotonic()
    out = _run(["sweep", "--now", MONDAY_0905, "--deliver-for", "5"], env)
    assert time.monotonic() - started < 20
    assert "Queued 4 message(s)." in out
    assert "Delivered 0, failed 0, failed attempts to retry " in out
    assert "4 message(s) wait in the outbox, the next try at 2026-11-16 09:05:" in out
    assert "because of URLError" in out and "Connection refused" in out
    waiting = _messages(db).values()
    assert {m.state for m in waiting} == {"pending"}
    assert all("Connection refused" in (m.last_error or "") for m in waiting)

    fake.come_back()
    out = _run(["sweep", "--now", "2026-11-16T09:35:00+00:00"], env)
    assert "Queued 0 message(s)." in out and "Delivered 4, failed 0" in out
    assert "wait in the outbox" not in out
    posted = _posted(fake)
    assert set(posted.values()) == {1}
    assert {channel for channel, _ in posted} == {"DUAMIRA", "DUJANE", "DUSAM", "ilacs"}
    assert {m.state for m in _messages(db).values()} == {"sent"}


def _through_an_outage(sender: Sender, clock: FixedClock, db: sessionmaker[Session]) -> list[float]:
    """Deliver and move the clock to the next attempt until nothing waits; the waits, in s."""
    waits = []
    while True:
        sender.deliver_due()
        with db() as s:
            due = outbox.next_due(s)
        if due is None:
            return waits
        waits.append((due - clock.now()).total_seconds())
        clock.at = due


def test_a_day_of_failures_is_reported_once_and_retry_sends_again(
    db: sessionmaker[Session], now: datetime, database_url: str, fake: FakeSlack
) -> None:
    """Slack answering 503 for days: each message is retried, at most 15 minutes apart, for
    a day and then fails; the plan lead is told once; the report failing in its turn is not
    reported; `outbox retry` requeues them all and they are delivered."""
    with db.begin() as s:
        plan = plans.create_plan(s, slug="quiet", name="Quiet plan", at=now)
        lead = people.find_or_create(
            s, name="Amira Khan", email="amira.khan@council.gov.uk", at=now
        )
        plans.grant(s, plan, lead, Role.PLAN_LEAD)
        lead_id = lead.id
        outbox.enqueue_many(s, [
            outbox.Message(key=f"m{n}", kind="reminder", platform="slack", workspace="T0FAKE",
                           target=f"channel:C00{n}", payload={"text": f"m{n}"}, plan_id=plan.id)
            for n in range(3)
        ], now)  # fmt: skip
    fake.fail("chat.postMessage", 503, times=1_000_000)
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    clock = FixedClock(now)
    sender = Sender(db, {"slack": SlackTransport(db, lambda w: client)}, clock, per_channel=0)
    sweeper = Sweeper(db, lambda plan: ("slack", "T0FAKE"))

    waits = _through_an_outage(sender, clock, db)
    assert max(waits) == 900 and timedelta(hours=24) <= clock.now() - now
    assert clock.now() - now < timedelta(hours=24, minutes=16)
    failed = _messages(db)
    assert {m.state for m in failed.values()} == {"failed"}
    assert {m.last_error for m in failed.values()} == {"Slack answered 503 fatal_error"}
    assert {m.failing_since for m in failed.values()} == {now}
    assert min(m.attempts for m in failed.values()) > 90

    (report,) = sweeper.run(clock.now()).queued
    assert (report.kind, report.target) == (failures.KIND, f"person:{lead_id}")
    items = report.payload["view"]["items"]
    assert [(i["what"], i["to"]) for i in items] == [("reminder", f"C00{n}") for n in range(3)]
    assert sweeper.run(clock.now() + timedelta(minutes=5)).queued == []  # told once

    _through_an_outage(sender, clock, db)  # the report fails too, a day later
    assert _messages(db)[report.key].state == "failed"
    assert sweeper.run(clock.now()).queued == []  # and is not reported: no loop
    with db() as s:
        assert failures.unreported(s, plan.id) == []

    env = _env(fake, database_url)
    out = _run(["outbox", "--plan", "quiet"], env)
    assert "4 failed: improvebot outbox retry sends them again." in out
    assert "failed   reminder  to channel:C000" in out and "plan leads told" in out
    assert _run(["outbox", "retry", "--plan", "quiet"], env).startswith(
        "Requeued 4 failed message(s)."
    )
    fake.reset()  # Slack is back
    assert "Delivered 4, failed 0" in _run(["worker", "--drain"], env)
    posted = _posted(fake)
    assert set(posted.values()) == {1} and len(posted) == 4
    assert any("Messages for Quiet plan could not be delivered" in t for _, t in posted)
    assert {m.state for m in _messages(db).values()} == {"sent"}


def test_drain_with_only_later_messages_says_until_when(
    db: sessionmaker[Session], database_url: str, fake: FakeSlack
) -> None:
    """A drain that finds only messages due later returns at once, saying how many wait and
    until when, rather than sleep out its window and print zeros."""
    later = datetime.now(UTC) + timedelta(hours=1)
    with db.begin() as s:
        outbox.enqueue_many(s, [
            outbox.Message(key=f"later{n}", kind="test", platform="slack", workspace="T0FAKE",
                           target="channel:C0LATER", payload={"text": "later"})
            for n in range(2)
        ], later)  # fmt: skip
    started = time.monotonic()
    out = _run(["worker", "--drain"], _env(fake, database_url))
    assert time.monotonic() - started < 10
    assert "Delivered 0, failed 0, failed attempts to retry 0." in out
    assert f"2 message(s) wait in the outbox, not due until {later:%Y-%m-%d %H:%M}" in out
    assert fake.calls("chat.postMessage") == []
