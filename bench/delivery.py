"""Delivery throughput against fakes that enforce each platform's rate limits.

Slack: 1,000 queued messages to 50 channels, the fake allowing one message per second per
channel (429 with Retry-After otherwise). 20 messages per channel need at least 19 seconds.

Teams: 1,000 reminder cards to 1,000 people through the fake Bot Connector enforcing Teams'
limits (30 requests a second for the app, 7 a second per conversation). Each person has a
1:1 chat already (--new-chats: none yet, so each needs one created first: two requests).
N requests at 30 a second need at least ceil(N / 30) - 1 seconds after the first.

Prints the wall time, the floor and their ratio (goal: at most 1.1), and the 429s (goal: 0).

    python bench/delivery.py [--platform slack|teams|all] [--messages 1000] [--channels 50]
                             [--new-chats] [--database-url URL]
"""

from __future__ import annotations

import argparse
import math
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


def database(args: argparse.Namespace) -> str:
    return args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='improvebot-bench-')}/bench.db"


def slack(args: argparse.Namespace) -> None:
    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.clock import SystemClock
    from bot.delivery.sender import Sender
    from bot.settings import Settings
    from bot.slack.transport import SlackTransport
    from store import outbox

    fake, refused = strict_fake()
    url = database(args)
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
    print(
        f"Slack: {args.messages} messages to {args.channels} channels, database {url.split(':')[0]}"
    )
    print(
        f"  delivered {delivered} (sent {stats.sent}, failed {stats.failed}); 429s: {refused['n']}"
    )
    print(f"  wall {wall:.2f} s   rate-limit floor {floor:.0f} s   ratio {wall / floor:.3f}")
    fake.stop()
    app.close()


def teams(args: argparse.Namespace) -> None:
    from bot.app import create_app
    from bot.settings import Settings
    from bot.teams.connector import StaticToken
    from bot.teams.runtime import TeamsClient
    from store import outbox, people
    from store import teams as store_teams
    from store.notify.views import Line, Reminder, reminder_json
    from store.teams import Reference
    from tests.fakes.teams import APP_ID, BOT_ID, TENANT_ID, FakeTeams

    fake = FakeTeams().start()
    fake.limit()  # 7 messages a second per conversation, 30 requests a second in all
    url = database(args)
    app = create_app(
        Settings(database_url=url, teams_app_id=APP_ID, teams_app_password="bench")  # noqa: S106
    )
    app.teams_client = TeamsClient.build(StaticToken("bench"), BOT_ID, app.sessions, app.clock)
    now = datetime.now(UTC)
    stamp = int(now.timestamp())
    lines = [
        Line("4.2", "Clear the assessment backlog", "amber", "amber", "Wed 16 Dec 2026", "Jane"),
        Line("4.3", "Review care plans", "red", "red", "Fri 13 Nov 2026", "Jane", 3),
    ]
    with app.sessions.begin() as session:
        messages = []
        for n in range(args.messages):
            person = people.find_or_create(
                session, name=f"Person {n}", email=f"p{stamp}-{n}@council.gov.uk", at=now
            )
            user_id = f"29:1bench-{stamp}-{n}"
            people.link_identity(session, person, "teams", TENANT_ID, user_id)
            if not args.new_chats or n == 0:  # one conversation tells the tenant's serviceUrl
                chat = Reference(
                    f"a:1chat-{stamp}-{n}", "personal", TENANT_ID, fake.service_url, user_id=user_id
                )
                store_teams.remember(session, chat, now)
            view = Reminder(f"Person {n}", "ILACS improvement plan", [
                (line, "ilacs", "Due soon") for line in lines])  # fmt: skip
            messages.append(
                outbox.Message(
                    key=f"bench-teams-{stamp}-{n}",
                    kind="reminder",
                    platform="teams",
                    target=f"person:{person.id}",
                    payload={"render": "reminder", "view": reminder_json(view)},
                )
            )
        outbox.enqueue_many(session, messages, now)
    sender = app.sender()
    started = time.monotonic()
    stats = sender.drain(deadline=900)
    wall = time.monotonic() - started
    calls = [c for c in fake.calls() if c.route in ("send", "create")]
    floor = float(math.ceil(len(calls) / 30) - 1)
    sent = len([c for c in calls if c.route == "send" and c.status == 200])
    print(
        f"Teams: {args.messages} reminder cards to {args.messages} people "
        f"({'new' if args.new_chats else 'stored'} 1:1 chats), database {url.split(':')[0]}"
    )
    print(
        f"  delivered {sent} (sent {stats.sent}, failed {stats.failed}); requests {len(calls)}; "
        f"429s: {fake.throttled}"
    )
    print(f"  wall {wall:.2f} s   rate-limit floor {floor:.0f} s   ratio {wall / floor:.3f}")
    fake.stop()
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=("slack", "teams", "all"), default="all")
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=50, help="Slack: channels to spread over")
    parser.add_argument("--new-chats", action="store_true", help="Teams: no 1:1 chat stored yet")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.platform in ("slack", "all"):
        slack(args)
    if args.platform in ("teams", "all"):
        teams(args)


if __name__ == "__main__":
    main()
