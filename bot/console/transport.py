"""The console's transport: each message is rendered as text into a list the console prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.delivery.transport import Delivery, Pace
from templates import notify

SURFACE = "console"


@dataclass(frozen=True)
class Shown:
    where: str  # "#improvement" or "DM to Jane"
    text: str


@dataclass
class ConsoleTransport:
    sent: list[Shown] = field(default_factory=list)

    def send(self, delivery: Delivery, pace: Pace) -> dict[str, Any]:
        self.sent.append(Shown(where(delivery), notify.text(delivery.payload, SURFACE)))
        return {"shown": True}

    def take(self) -> list[Shown]:
        taken, self.sent = self.sent, []
        return taken


def where(delivery: Delivery) -> str:
    if delivery.target.startswith("person:"):
        name = delivery.payload.get("view", {}).get("name")
        return f"DM to {name or delivery.target}"
    return delivery.target.removeprefix("channel:")
