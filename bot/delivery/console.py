"""The console's transport: messages land in a list the console prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.delivery.transport import Delivery


@dataclass
class ConsoleTransport:
    sent: list[Delivery] = field(default_factory=list)

    def send(self, delivery: Delivery) -> dict[str, Any]:
        self.sent.append(delivery)
        return {"shown": True}

    def take(self) -> list[Delivery]:
        taken, self.sent = self.sent, []
        return taken
