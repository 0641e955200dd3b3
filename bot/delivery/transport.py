"""The one interface every platform implements to send a queued message.

Transport.send(Delivery, pace) -> result    delivered; the result is kept (e.g. Slack's ts)
  raises RetryLater(after=seconds)          rate limited: try again after that long
  raises Undeliverable(reason)              permanent: user not found, channel archived …
  raises anything else                      transient (5xx, timeout): retried with backoff

The sender paces each channel between messages; a transport that posts several times for one
message (replies in a thread under it) calls `pace()` before each post after the first, so
those keep the channel's pace too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# Waits until the channel may take another post.
Pace = Callable[[], None]


@dataclass(frozen=True)
class Delivery:
    id: int
    kind: str
    platform: str
    workspace: str
    # "channel:C123" / "channel:#improvement" or "person:42" (a direct message)
    target: str
    payload: dict[str, Any]
    attempts: int = 1
    # What earlier attempts achieved (e.g. the main message's ts before its thread failed).
    progress: dict[str, Any] = field(default_factory=dict)


class RetryLater(Exception):
    def __init__(
        self, after: float | None, reason: str, progress: dict[str, Any] | None = None
    ) -> None:
        super().__init__(reason)
        self.after = after
        self.reason = reason
        self.progress = progress or {}


class Transient(Exception):
    """A 5xx or a timeout: retried with backoff, keeping what was already delivered."""

    def __init__(self, reason: str, progress: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.progress = progress or {}


class Undeliverable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transport(Protocol):
    def send(self, delivery: Delivery, pace: Pace) -> dict[str, Any]: ...
