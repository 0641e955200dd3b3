"""Teams' rate limits, kept on our side so Teams does not have to refuse us with 429.

    limiter = Limiter()                      # 30 requests a second for the app, and per
    with limiter.slot(conversation_id):      # conversation 7 a second, 8 in 2 s, 60 in 30 s,
        ...one request...                    # 1,800 an hour (Microsoft's published limits)

One limiter per process, shared by everything that calls the Bot Connector (the sender's
threads, replies to commands, roster reads), because the 30 a second is for the whole app.

A request counts from when it leaves until a window after its answer arrived. Teams counts
requests as they arrive; an answer always comes after its request arrived, so a window of
answers is never shorter than Teams' window of arrivals, however requests overtake each
other on the way. The cost is one round trip per window: at most 30 / (1 + latency) a second.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

Window = tuple[int, float]  # at most this many requests in this many seconds
# "About 30 requests a second per app per tenant" (docs/teams.md; some sources say 50).
APP: tuple[Window, ...] = ((30, 1.0),)
# Per bot per conversation, for sending (and creating) messages.
CONVERSATION: tuple[Window, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))


class _Counter:
    """Requests in flight, and when recent ones were answered (oldest first)."""

    def __init__(self, windows: Sequence[Window]) -> None:
        self.windows = tuple(windows)
        self.longest = max(seconds for _, seconds in self.windows)
        self.flying = 0
        self.answered: list[float] = []

    def wait(self, now: float) -> float | None:
        """Seconds until one more request fits in every window; None: wait for an answer."""
        del self.answered[: bisect_right(self.answered, now - self.longest)]
        longest_wait = 0.0
        for limit, seconds in self.windows:
            start = bisect_right(self.answered, now - seconds)
            within = len(self.answered) - start
            over = self.flying + within - limit + 1
            if over <= 0:
                continue
            if over > within:
                return None  # only an answer in flight can make room
            longest_wait = max(longest_wait, self.answered[start + over - 1] + seconds - now)
        return longest_wait

    def idle(self, now: float) -> bool:
        return not self.flying and (not self.answered or now - self.answered[-1] >= self.longest)


class Limiter:
    def __init__(
        self,
        app: Sequence[Window] = APP,
        conversation: Sequence[Window] = CONVERSATION,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = _Counter(app)
        self._conversation_windows = tuple(conversation)
        self._conversations: dict[str, _Counter] = {}
        self._clock = clock
        self._changed = threading.Condition()

    @contextmanager
    def slot(self, conversation: str | None = None) -> Iterator[None]:
        """Wait until a request fits, make it inside the block, count its answer after."""
        counters = self._take(_key(conversation))
        try:
            yield
        finally:
            with self._changed:
                now = self._clock()
                for counter in counters:
                    counter.flying -= 1
                    counter.answered.insert(bisect_left(counter.answered, now), now)
                self._changed.notify_all()

    def _take(self, key: str | None) -> list[_Counter]:
        with self._changed:
            counters = [self._app]
            if key is not None:
                found = self._conversations.get(key)
                if found is None:
                    self._forget_idle()
                    found = self._conversations[key] = _Counter(self._conversation_windows)
                counters.append(found)
            while True:
                now = self._clock()
                waits = [counter.wait(now) for counter in counters]
                if all(w is not None and w <= 0 for w in waits):
                    break
                known = [w for w in waits if w is not None]
                self._changed.wait(max(known) if len(known) == len(waits) else None)
            for counter in counters:
                counter.flying += 1
            return counters

    def _forget_idle(self) -> None:
        """Conversations quiet for an hour need no counting (a DM a day to each person)."""
        if len(self._conversations) < 1000:
            return
        now = self._clock()
        for key in [k for k, c in self._conversations.items() if c.idle(now)]:
            del self._conversations[key]


def _key(conversation: str | None) -> str | None:
    """A channel's threads share the channel's limit (Teams counts per conversation thread;
    counting them together can only be slower, never over)."""
    return conversation.split(";messageid=")[0] if conversation else None
