"""Which transport delivers each platform's messages, and where each plan's messages go."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import App
from bot.delivery.console import ConsoleTransport
from bot.delivery.sender import Sender
from bot.delivery.transport import Transport
from bot.settings import Settings
from store.models import Plan


def platform_for(settings: Settings) -> Callable[[Plan], tuple[str, str]]:
    """Slack when it is configured (in the plan's workspace), else the console workspace."""

    def choose(plan: Plan) -> tuple[str, str]:
        if settings.has_slack:
            return "slack", plan.workspace or ""
        return "console", "console"

    return choose


def transports(app: App, console: ConsoleTransport | None = None) -> dict[str, Transport]:
    found: dict[str, Transport] = {"console": console or ConsoleTransport()}
    if app.settings.has_slack:
        from bot.slack.transport import for_settings

        found["slack"] = for_settings(app)
    return found


def sender(app: App, console: ConsoleTransport | None = None) -> Sender:
    return Sender(app.sessions, transports(app, console), app.clock)
