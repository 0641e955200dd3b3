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
from dataclasses import dataclass, field, replace
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
    retried: int = 0  # put back in the outbox for a later attempt
    failed: int = 0
    waited: int = 0  # rate limits waited out on the spot

    def add(self, other: Stats) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.waited += other.waited


@dataclass
class Sender:
    sessions: sessionmaker[Session]
    transports: dict[str, Transport]
    clock: Clock
    per_channel: float = 1.0  # seconds between two messages to one channel
    backoff: float = 2.0  # first retry after a 5xx or timeout; doubles each attempt
    # Threads mostly sleep out the per-channel pace, so one per channel (up to this many).
    workers: int = 100
    batch: int = 1000  # messages claimed at a time
    lease: timedelta = timedelta(minutes=2)
    # A Retry-After up to this long is waited out in the channel's thread.
    longest_wait: float = 30.0
    rate_limit_tries: int = 5
    _ready: dict[str, float] = field(default_factory=dict)
    _backlog: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver_due(self, limit: int | None = None) -> Stats:
        """Claim what is due now and try each once (in channel order, paced)."""
        with self.sessions.begin() as session:
            claimed = [
                Delivery(
                    m.id, m.kind, m.platform, m.workspace, m.target, m.payload, m.attempts, m.result
                )
                for m in outbox.claim(
                    session, self.clock.now(), limit=limit or self.batch, lease=self.lease
                )
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
            outcome, waits = self._send(channel, delivery)
            stats.waited += waits
            if outcome == "later":
                # A long Retry-After: hand the rest back rather than hold a thread for it.
                self._release(deliveries[n + 1 :], self._backlog.get(channel, 1.0))
                stats.retried += 1
                break
            setattr(stats, outcome, getattr(stats, outcome) + 1)
        return stats

    def _send(self, channel: str, delivery: Delivery) -> tuple[str, int]:
        """One message, waiting out short rate limits in this channel's own thread; the
        outcome and how many times it had to wait."""
        for waits in range(self.rate_limit_tries):
            self._pace(channel)
            try:
                result = self.transports[delivery.platform].send(delivery)
            except RetryLater as later:
                wait = later.after or 1.0
                self._done(channel, extra=wait)
                delivery = replace(delivery, progress={**delivery.progress, **later.progress})
                if wait > self.longest_wait:
                    self._backlog[channel] = wait
                    self._retry(delivery, wait, later.reason, later.progress)
                    return ("later", waits)
                continue
            except Undeliverable as problem:
                self._done(channel)
                self._record(outbox.failed, delivery.id, problem.reason)
                log.warning("message %s undeliverable: %s", delivery.id, problem.reason)
                return ("failed", waits)
            except Exception as error:  # transient: 5xx, timeouts, connection resets
                self._done(channel)
                backoff = min(self.backoff * 2 ** (delivery.attempts - 1), 900.0)
                progress = error.progress if isinstance(error, Transient) else {}
                self._retry(delivery, backoff, f"{type(error).__name__}: {error}", progress)
                return ("retried", waits)
            self._done(channel)
            self._record(outbox.sent, delivery.id, self.clock.now(), result)
            return ("sent", waits)
        self._retry(delivery, 1.0, "rate limited again and again", delivery.progress)
        return "retried", self.rate_limit_tries

    def _pace(self, channel: str) -> None:
        """Wait until a pace has passed since the channel's last answer (not its last request:
        requests can overtake each other on the way, answers cannot)."""
        with self._lock:
            ready = self._ready.get(channel, 0.0)
        wait = ready - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _done(self, channel: str, extra: float = 0.0) -> None:
        # A transport may declare its platform's own pace (Teams: 7 messages a second).
        pace = getattr(self.transports.get(channel.split("|", 1)[0]), "pace", self.per_channel)
        with self._lock:
            self._ready[channel] = time.monotonic() + max(pace, extra)

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
