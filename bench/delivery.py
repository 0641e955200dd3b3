"""Delivery throughput: 1,000 queued messages to 50 channels, against a fake Slack that
allows one message per second per channel (and answers 429 with Retry-After otherwise).

The floor is set by the rate limit: 20 messages per channel need at least 19 seconds after
the first. Prints the wall time, the floor and their ratio (goal: at most 1.1).

    python bench/delivery.py [--messages 1000] [--channels 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def strict_fake() -> Any:
    """A fake Slack that refuses a second message to a channel within a second."""
    from tests.fakes.slack import Call, FakeSlack

    fake = FakeSlack()
    last: dict[str, float] = {}
    lock = threading.Lock()
    refused = {"n": 0}

    def post(call: Call) -> dict[str, Any]:
        channel = str(call.body["channel"])
        with lock:
            now = time.monotonic()
            if channel in last and now - last[channel] < 0.95:
                refused["n"] += 1
                return {"ok": False, "error": "ratelimited"}
            last[channel] = now
        return {"ok": True, "channel": channel, "ts": f"{now:.6f}"}

    fake.on("chat.postMessage", post)
    return fake.start(), refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.clock import SystemClock
    from bot.delivery.sender import Sender
    from bot.settings import Settings
    from bot.slack.transport import SlackTransport
    from store import outbox

    fake, refused = strict_fake()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='improvebot-bench-')}/bench.db"
    app = create_app(Settings(database_url=url))
    now = datetime.now(UTC)
    messages = [
        outbox.Message(
            key=f"bench-{now.timestamp()}-{n}",
            kind="bench",
            platform="slack",
            target=f"channel:C{n % args.channels:03d}",
            payload={"text": f"message {n}"},
        )
        for n in range(args.messages)
    ]
    with app.sessions.begin() as session:
        outbox.enqueue_many(session, messages, now)
    client = WebClient(token="xoxb-bench", base_url=fake.base_url)  # noqa: S106 - the fake's
    sender = Sender(
        app.sessions, {"slack": SlackTransport(app.sessions, lambda w: client)}, SystemClock()
    )
    started = time.monotonic()
    stats = sender.drain(deadline=600)
    wall = time.monotonic() - started
    per_channel = -(-args.messages // args.channels)
    floor = float(per_channel - 1)
    delivered = len(fake.calls("chat.postMessage", ok=True))
    print(f"{args.messages} messages to {args.channels} channels, database {url.split(':')[0]}")
    print(
        f"  delivered {delivered} (sent {stats.sent}, failed {stats.failed}); 429s: {refused['n']}"
    )
    print(f"  wall {wall:.2f} s   rate-limit floor {floor:.0f} s   ratio {wall / floor:.3f}")
    fake.stop()
    app.close()


if __name__ == "__main__":
    main()
