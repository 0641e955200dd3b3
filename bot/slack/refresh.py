"""App Home refreshes after changes, coalesced: a burst of updates publishes each Home once.

views.publish is rate limited (about 100 a minute per workspace) and building a Home costs
queries, so refreshes wait a moment and repeated requests for one person collapse into one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from slack_sdk import WebClient

from bot.app import App
from bot.slack import followup

log = logging.getLogger(__name__)


class HomeRefresher:
    def __init__(self, services: App, delay: float = 0.5) -> None:
        self.services = services
        self.delay = delay
        self._pending: dict[tuple[str, int], WebClient] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def request(self, client: WebClient, team: str, person_ids: Iterable[int]) -> None:
        with self._lock:
            for person_id in person_ids:
                self._pending[(team, person_id)] = client
            if not self._pending:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="home-refresh", daemon=True)
                self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """Publish what is waiting, then end the thread."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set() or self._pending:
            self._wake.wait()
            # Let the rest of a burst arrive before building anyone's Home.
            self._stopping.wait(self.delay)
            with self._lock:
                batch, self._pending = self._pending, {}
                self._wake.clear()
            by_team: dict[str, tuple[WebClient, list[int]]] = {}
            for (team, person_id), client in batch.items():
                by_team.setdefault(team, (client, []))[1].append(person_id)
            for team, (client, ids) in by_team.items():
                try:
                    followup.publish_homes(client, self.services, team, ids)
                except Exception:
                    log.exception("App Home refresh failed for %s", team)
