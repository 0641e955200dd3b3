"""The limiter that keeps improvebot inside Teams' rate limits, whatever its threads do."""

from __future__ import annotations

import threading
import time

from bot.teams.connector import Connector, StaticToken
from bot.teams.limits import Limiter
from tests.fakes.teams import BOT_ID, FakeTeams


def _burst(limiter: Limiter, conversations: list[str | None], threads: int = 8) -> list[float]:
    """Take a slot for each conversation from several threads; when each request 'arrived'."""
    arrived: list[float] = []
    lock = threading.Lock()
    queue = list(conversations)

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                conversation = queue.pop()
            with limiter.slot(conversation):
                with lock:
                    arrived.append(time.monotonic())
                time.sleep(0.002)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sorted(arrived)


def _most_in_any(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


def test_app_limit_holds_across_threads() -> None:
    """Sixty requests from eight threads: never more than the app's limit in any window."""
    limiter = Limiter(app=((10, 0.2),), conversation=((100, 1.0),))
    arrived = _burst(limiter, [None] * 60)
    assert _most_in_any(arrived, 0.2) <= 10
    assert arrived[-1] - arrived[0] < 1.4  # and not much slower than it allows (5 windows)


def test_each_conversation_has_its_own_limit_and_shares_the_apps() -> None:
    """A busy conversation waits for its own window while others go ahead; threads share it."""
    limiter = Limiter(app=((100, 1.0),), conversation=((3, 0.2), (4, 0.4)))
    busy = _burst(limiter, ["a"] * 8, threads=4)
    assert _most_in_any(busy, 0.2) <= 3 and _most_in_any(busy, 0.4) <= 4
    started = time.monotonic()
    with limiter.slot("b;messageid=1"):  # a thread of another channel: not held up by "a"
        pass
    assert time.monotonic() - started < 0.05


def test_a_channel_and_its_threads_count_together() -> None:
    """Replies in a post's thread share the channel's limit (counting them apart could exceed it)."""
    limiter = Limiter(app=((100, 1.0),), conversation=((2, 0.3),))
    arrived = _burst(limiter, ["19:c", "19:c;messageid=1", "19:c;messageid=2"], threads=3)
    assert arrived[2] - arrived[0] >= 0.3


def test_the_fake_connector_never_throttles_a_limited_client(teams: FakeTeams) -> None:
    """120 messages to 40 people through one connector, the fake enforcing 30 a second: no 429."""
    teams.limit()
    connector = Connector(StaticToken("t"), bot_id=BOT_ID, limiter=Limiter())
    people = [f"a:1person-{n}" for n in range(40)] * 3

    def send(conversation: str) -> None:
        connector.send(teams.service_url, conversation, {"type": "message", "text": "hi"})

    started = time.monotonic()
    threads = [threading.Thread(target=send, args=(c,)) for c in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    connector.close()
    assert teams.throttled == 0 and len(teams.calls("send")) == 120
    assert time.monotonic() - started >= 3.0
