"""Several worker processes on one database, and a worker killed mid-delivery, then an outage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import outbox
from store.models import OutboxMessage
from tests.fakes.slack import FakeSlack


def _queue(db: sessionmaker[Session], texts: list[str], channels: int) -> None:
    now = datetime.now(UTC)
    with db.begin() as s:
        for n, text in enumerate(texts):
            outbox.enqueue_many(
                s,
                [
                    outbox.Message(
                        key=text,
                        kind="test",
                        platform="slack",
                        workspace="T0FAKE",
                        target=f"channel:C{n % channels:03d}",
                        payload={"text": text},
                    )
                ],
                now,
            )


def _worker(database_url: str, fake: FakeSlack, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    env |= {
        "IMPROVEBOT_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": fake.base_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "worker", "--drain", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _delivered(fake: FakeSlack) -> Counter[str]:
    return Counter(c.body["text"] for c in fake.calls("chat.postMessage", ok=True))


def test_three_workers_send_each_message_once(
    db: sessionmaker[Session], database_url: str, fake: FakeSlack
) -> None:
    """Three workers draining one outbox at once deliver every message exactly once."""
    texts = [f"message {n}" for n in range(90)]
    _queue(db, texts, channels=30)
    workers = [_worker(database_url, fake, "--batch", "7", "--pace", "0.05") for _ in range(3)]
    for w in workers:
        _, err = w.communicate(timeout=180)
        assert w.returncode == 0, err.decode()
    assert _delivered(fake) == Counter(texts)
    with db() as s:
        assert {m.state for m in s.scalars(select(OutboxMessage))} == {"sent"}


def test_killed_worker_then_an_outage_loses_nothing(
    db: sessionmaker[Session], database_url: str, fake: FakeSlack
) -> None:
    """A worker killed with SIGKILL mid-delivery, then Slack unreachable for the next worker
    (it exits 0 with the messages still queued, saying why), then Slack back: a last worker
    sends the rest, at most the one in flight twice."""
    texts = [f"paced {n}" for n in range(12)]
    _queue(db, texts, channels=1)
    first = _worker(database_url, fake, "--lease", "2", "--pace", "0.4")
    deadline = time.monotonic() + 60
    while sum(_delivered(fake).values()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)
    assert sum(_delivered(fake).values()) < len(texts), "killed before the end"

    fake.go_down()
    second = _worker(database_url, fake, "--lease", "2", "--pace", "0.4", "--deliver-for", "3")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err.decode()
    assert "wait in the outbox" in out.decode() and "Connection refused" in out.decode()
    with db() as s:
        waiting = [m for m in s.scalars(select(OutboxMessage)) if m.state != "sent"]
        assert waiting and {m.state for m in waiting} <= {"pending", "sending"}
        assert any("Connection refused" in (m.last_error or "") for m in waiting)

    fake.come_back()
    third = _worker(database_url, fake, "--lease", "2", "--pace", "0.4")
    _, err = third.communicate(timeout=120)
    assert third.returncode == 0, err.decode()
    delivered = _delivered(fake)
    assert set(delivered) == set(texts)
    assert sum(delivered.values()) - len(texts) <= 1
    with db() as s:
        assert {m.state for m in s.scalars(select(OutboxMessage))} == {"sent"}
