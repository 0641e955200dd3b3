"""All wiring in one factory: the database, the clock, the transports that deliver to each
platform, the sender, the sweep, the scheduler and the chat adapters.

Every entry point (serve, worker, sweep, the console, each CLI command, tests) gets what it
needs from `create_app`; nothing else opens an engine or reads the wall clock. Adding a
platform is a folder under bot/ and a line in `transports`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock, SystemClock
from bot.console.transport import ConsoleTransport
from bot.delivery.sender import Sender
from bot.delivery.transport import Transport
from bot.settings import Settings
from store import db
from store.models import Plan
from store.notify.sweep import Sweeper
from store.plan_settings import TEAMS_PREFIX

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from bot.slack.app import SlackRuntime
    from bot.teams.runtime import TeamsClient, TeamsRuntime


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    # Where the console workspace's messages land when it sweeps.
    console: ConsoleTransport = field(default_factory=ConsoleTransport)

    def close(self) -> None:
        """Release database connections (commands run in-process, e.g. in tests, need this)."""
        if "teams_client" in self.__dict__:
            self.teams_client.close()
        self.engine.dispose()

    @cached_property
    def transports(self) -> dict[str, Transport]:
        """One transport per platform that is configured; the console always."""
        found: dict[str, Transport] = {"console": self.console}
        if self.settings.has_slack:
            from bot.slack.transport import for_app

            found["slack"] = for_app(self)
        if self.settings.has_teams:
            from bot.teams.transport import for_app as teams_transport

            found["teams"] = teams_transport(self)
        return found

    @cached_property
    def teams_client(self) -> TeamsClient:
        """The one Bot Connector client of the process: Teams' rate limits are per app, so the
        sender and the adapter share it (and its limiter and token)."""
        from bot.teams.runtime import TeamsClient

        return TeamsClient.for_settings(self.settings, self.sessions, self.clock)

    def platform_for(self, plan: Plan) -> tuple[str, str]:
        """The platform and workspace a plan's messages go to, its reminder DMs included:
        Teams when the plan's channel is a Teams conversation or Teams is the only platform
        configured (workspace: the tenant, when single-tenant); else Slack when configured (in
        the plan's workspace); else the console workspace."""
        in_teams = (plan.channel or "").startswith(TEAMS_PREFIX)
        if self.settings.has_teams and (in_teams or not self.settings.has_slack):
            return "teams", (self.settings.teams_tenant_id or "").lower()
        if self.settings.has_slack:
            return "slack", plan.workspace or ""
        return "console", "console"

    def sender(self, *, console_only: bool = False, **options: Any) -> Sender:
        """A sender that drains the outbox through the transports (options: per_channel …);
        the console workspace's own sender knows no other platform."""
        transports: dict[str, Transport] = {"console": self.console}
        if not console_only:
            transports = self.transports
        return Sender(self.sessions, transports, self.clock, **options)

    def sweeper(self, *, console_only: bool = False) -> Sweeper:
        """The sweep; the console workspace's own sweep queues everything for the console,
        whatever else is configured."""
        if console_only:
            return Sweeper(self.sessions, lambda plan: ("console", "console"))
        return Sweeper(self.sessions, self.platform_for)

    def scheduler(self, kind: type[BaseScheduler] | None = None) -> BaseScheduler:
        """The scheduler that sweeps every few minutes and delivers every few seconds."""
        from bot.scheduler import build

        return build(self, self.sender(), kind)

    def slack(self) -> SlackRuntime:
        """The Bolt app with its listener threads (needs the Slack settings)."""
        from bot.slack.app import build

        return build(self)

    def teams(self, *, host: str, **options: Any) -> TeamsRuntime:
        """The Teams adapter: POST /api/messages and its worker threads (needs TEAMS_APP_ID).
        `host` is where the server listens: no-auth mode is refused anywhere but loopback."""
        from bot.teams.runtime import build

        return build(self, host=host, **options)


def create_app(
    settings: Settings,
    *,
    sessions: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> App:
    """Open (and upgrade) the database and gather what every entry point needs."""
    if sessions is None:
        engine = db.make_engine(settings.database_url)
        if migrate:
            db.upgrade(engine)
        sessions = db.session_factory(engine)
    bind = sessions.kw["bind"]
    return App(settings=settings, engine=bind, sessions=sessions, clock=clock or SystemClock())
