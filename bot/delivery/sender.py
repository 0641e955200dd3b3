"""Draining the outbox: paced per channel, channels in parallel, retries with backoff.

Slack allows about one message per second per channel and limits each method per
workspace, so messages to one channel go one at a time, a second apart, while different
channels go at once. A 429 puts the channel's messages back until Retry-After; a 5xx or a
timeout is retried with exponential backoff; a permanent failure is recorded with its reason.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.transport import Delivery, RetryLater, Transient, Transport, Undeliverable
from store import outbox

log = logging.getLogger(__name__)


@dataclass
class Stats:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def add(self, other: Stats) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


@dataclass
class Sender:
    sessions: sessionmaker[Session]
    transports: dict[str, Transport]
    clock: Clock
    per_channel: float = 1.0  # seconds between two messages to one channel
    backoff: float = 2.0  # first retry after a 5xx or timeout; doubles each attempt
    workers: int = 32
    lease: timedelta = timedelta(minutes=2)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver_due(self, limit: int = 1000) -> Stats:
        """Claim what is due now and try each once (in channel order, paced)."""
        with self.sessions.begin() as session:
            claimed = [
                Delivery(
                    m.id, m.kind, m.platform, m.workspace, m.target, m.payload, m.attempts, m.result
                )
                for m in outbox.claim(session, self.clock.now(), limit=limit, lease=self.lease)
            ]
        by_channel: dict[str, list[Delivery]] = defaultdict(list)
        for delivery in claimed:
            by_channel[f"{delivery.platform}|{delivery.workspace}|{delivery.target}"].append(
                delivery
            )
        # Pacing makes a long queue for one channel slow; hand back what this claim could not
        # send before its lease ends, or another sender would take it and send it twice.
        keep = max(1, int(self.lease.total_seconds() / 2 / max(self.per_channel, 0.01)))
        for channel, queue in by_channel.items():
            if len(queue) > keep:
                self._release(queue[keep:], 0.0)
                by_channel[channel] = queue[:keep]
        stats = Stats()
        if not by_channel:
            return stats
        with ThreadPoolExecutor(max_workers=min(self.workers, len(by_channel))) as pool:
            for result in pool.map(self._channel, by_channel.items()):
                stats.add(result)
        return stats

    def drain(self, deadline: float = 300.0) -> Stats:
        """Deliver until nothing is waiting, sleeping out retry delays (for the CLI and tests)."""
        stats = Stats()
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            stats.add(self.deliver_due())
            with self.sessions() as session:
                due = outbox.next_due(session)
            if due is None:
                break
            time.sleep(min(max((due - self.clock.now()).total_seconds(), 0.05), 5.0))
        return stats

    def _channel(self, item: tuple[str, list[Delivery]]) -> Stats:
        channel, deliveries = item
        stats = Stats()
        for n, delivery in enumerate(deliveries):
            self._pace(channel)
            try:
                result = self.transports[delivery.platform].send(delivery)
            except RetryLater as later:
                self._retry(delivery, later.after or 1.0, later.reason, later.progress)
                self._release(deliveries[n + 1 :], later.after or 1.0)
                stats.retried += 1
                break
            except Undeliverable as problem:
                self._record(outbox.failed, delivery.id, problem.reason)
                log.warning("message %s undeliverable: %s", delivery.id, problem.reason)
                stats.failed += 1
            except Exception as error:  # transient: 5xx, timeouts, connection resets
                backoff = min(self.backoff * 2 ** (delivery.attempts - 1), 900.0)
                progress = error.progress if isinstance(error, Transient) else {}
                self._retry(delivery, backoff, f"{type(error).__name__}: {error}", progress)
                stats.retried += 1
            else:
                self._record(outbox.sent, delivery.id, self.clock.now(), result)
                stats.sent += 1
        return stats

    def _pace(self, channel: str) -> None:
        with self._lock:
            last = self._last.get(channel)
            wait = 0.0 if last is None else last + self.per_channel - time.monotonic()
            self._last[channel] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _retry(
        self, delivery: Delivery, after: float, reason: str, progress: dict[str, object]
    ) -> None:
        at = self.clock.now() + timedelta(seconds=after)
        self._record(outbox.retry, delivery.id, at, reason, dict(progress))

    def _release(self, deliveries: list[Delivery], after: float) -> None:
        at = self.clock.now() + timedelta(seconds=after)
        for delivery in deliveries:
            self._record(outbox.release, delivery.id, at)

    def _record(self, change: Callable[..., None], *args: Any) -> None:
        """Each outcome in its own short transaction, so a crash loses at most the one in flight."""
        with self.sessions.begin() as session:
            change(session, *args)
