"""Draining the outbox: paced per channel, channels in parallel, retries with backoff.

Slack allows about one message per second per channel and limits each method per
workspace, so messages to one channel go one at a time, a second apart, while different
channels go at once. A 429 puts the channel's messages back until Retry-After; a permanent
failure is recorded with its reason. A transient one (unreachable, 5xx, timeout) is retried
with exponential backoff up to 15 minutes apart, for a day (store.outbox.GIVE_UP_AFTER),
and the rest of that channel's messages wait with it rather than fail the same way.
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
    longest_backoff: float = 900.0  # an outage is tried again at least every 15 minutes
    give_up_after: timedelta = outbox.GIVE_UP_AFTER
    # Threads mostly sleep out the per-channel pace, so one per channel (up to this many).
    workers: int = 100
    batch: int = 1000  # messages claimed at a time
    lease: timedelta = timedelta(minutes=2)
    # A Retry-After up to this long is waited out in the channel's thread.
    longest_wait: float = 30.0
    rate_limit_tries: int = 5
    _ready: dict[str, float] = field(default_factory=dict)
    # Per channel: how long its last failure made it wait, and why.
    _backlog: dict[str, float] = field(default_factory=dict)
    _why: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver_due(self, limit: int | None = None, *, until: float | None = None) -> Stats:
        """Claim what is due now and try each once (in channel order, paced); at the
        monotonic time `until`, hand back what is not yet tried."""
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
            for result in pool.map(
                lambda item: self._channel(item[0], item[1], until), by_channel.items()
            ):
                stats.add(result)
        return stats

    def drain(self, deadline: float = 300.0) -> Stats:
        """Deliver what is due and what falls due within `deadline` seconds, then return
        (the CLI and tests). A message whose next try is later, such as one backing off in an
        outage, stays queued for the next run instead of keeping this one waiting."""
        stats = Stats()
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            stats.add(self.deliver_due(until=end))
            with self.sessions() as session:
                due = outbox.next_due(session)
            if due is None:
                break
            wait = (due - self.clock.now()).total_seconds()
            if time.monotonic() + wait >= end:
                break
            time.sleep(min(max(wait, 0.05), 5.0))
        return stats

    def _channel(self, channel: str, deliveries: list[Delivery], until: float | None) -> Stats:
        stats = Stats()
        for n, delivery in enumerate(deliveries):
            if until is not None and time.monotonic() >= until:
                self._release(deliveries[n:], 0.0)  # out of time: the next run sends them
                break
            outcome, waits = self._send(channel, delivery)
            stats.waited += waits
            if outcome == "later":
                # A long Retry-After: hand the rest back rather than hold a thread for it.
                self._release(deliveries[n + 1 :], self._backlog.get(channel, 1.0))
                stats.retried += 1
                break
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            if outcome == "retried":
                # The next message to this place would fail the same way: it waits as long.
                after, reason = self._backlog[channel], self._why[channel]
                self._release(deliveries[n + 1 :], after, f"not tried: {reason}")
                break
        return stats

    def _send(self, channel: str, delivery: Delivery) -> tuple[str, int]:
        """One message, waiting out short rate limits in this channel's own thread; the
        outcome and how many times it had to wait."""
        for waits in range(self.rate_limit_tries):
            self._pace(channel)
            try:
                result = self.transports[delivery.platform].send(
                    delivery, lambda: self._next(channel)
                )
            except RetryLater as later:
                wait = later.after or 1.0
                self._done(channel, extra=wait)
                delivery = replace(delivery, progress={**delivery.progress, **later.progress})
                if wait > self.longest_wait:
                    self._failing(channel, wait, later.reason)
                    self._retry(delivery, wait, later.reason, later.progress)
                    return ("later", waits)
                continue
            except Undeliverable as problem:
                self._done(channel)
                self._record(outbox.failed, delivery.id, problem.reason)
                log.warning("message %s undeliverable: %s", delivery.id, problem.reason)
                return ("failed", waits)
            except Exception as error:  # transient: unreachable, 5xx, timeouts, resets
                self._done(channel)
                exponent = min(max(delivery.attempts - 1, 0), 30)
                backoff = min(self.backoff * 2**exponent, self.longest_backoff)
                if isinstance(error, Transient):
                    progress, reason = error.progress, error.reason
                else:
                    progress, reason = {}, f"{type(error).__name__}: {error}"
                self._failing(channel, backoff, reason)
                pending = self._retry(delivery, backoff, reason, progress)
                if not pending:
                    log.warning("message %s failed after a day of: %s", delivery.id, reason)
                return ("retried" if pending else "failed", waits)
            self._done(channel)
            self._record(outbox.sent, delivery.id, self.clock.now(), result)
            return ("sent", waits)
        reason = "rate limited again and again"
        self._failing(channel, 1.0, reason)
        pending = self._retry(delivery, 1.0, reason, delivery.progress)
        return ("retried" if pending else "failed", self.rate_limit_tries)

    def _failing(self, channel: str, after: float, reason: str) -> None:
        with self._lock:
            self._backlog[channel], self._why[channel] = after, reason

    def _pace(self, channel: str) -> None:
        """Wait until a pace has passed since the channel's last answer (not its last request:
        requests can overtake each other on the way, answers cannot)."""
        with self._lock:
            ready = self._ready.get(channel, 0.0)
        wait = ready - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _next(self, channel: str) -> None:
        """Between two posts of one message: the last was just answered; wait a pace."""
        self._done(channel)
        self._pace(channel)

    def _done(self, channel: str, extra: float = 0.0) -> None:
        # A transport may declare its platform's own pace (Teams: 7 messages a second).
        transport = self.transports.get(channel.split("|", 1)[0])
        pace = getattr(transport, "per_channel", self.per_channel)
        with self._lock:
            self._ready[channel] = time.monotonic() + max(pace, extra)

    def _retry(
        self, delivery: Delivery, after: float, reason: str, progress: dict[str, object]
    ) -> bool:
        """Try again `after` seconds from now; False when the message was given up."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            return outbox.retry(
                session,
                delivery.id,
                now=now,
                at=now + timedelta(seconds=after),
                error=reason,
                result=dict(progress),
                give_up_after=self.give_up_after,
            )

    def _release(self, deliveries: list[Delivery], after: float, reason: str | None = None) -> None:
        now = self.clock.now()
        at = now + timedelta(seconds=after)
        for delivery in deliveries:
            self._record(outbox.release, delivery.id, at, now=now, reason=reason)

    def _record(self, change: Callable[..., None], *args: Any, **options: Any) -> None:
        """Each outcome in its own short transaction, so a crash loses at most the one in flight."""
        with self.sessions.begin() as session:
            change(session, *args, **options)
