"""Events: App Home opened; and the dedupe that stops Slack's retries being acted on twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, BoltResponse
from slack_bolt import App as Bolt
from slack_sdk import WebClient

from bot.app import App
from bot.slack import followup, home
from bot.slack.directory import SlackDirectory
from bot.slack.people import PLATFORM
from commands import boundary
from commands.context import Who


def register(bolt: Bolt, services: App) -> None:
    @bolt.middleware
    def dedupe(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """An event Slack sends again (no answer in 3 s) is acknowledged and otherwise ignored."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not boundary.first_time(
            services.sessions, f"slack-event:{event_id}", services.clock.now()
        ):
            return BoltResponse(status=200, body="")
        return next()

    def acknowledge(ack: Ack) -> None:
        ack()

    def home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        who = Who(PLATFORM, body.get("team_id", ""), event["user"])
        if followup.publish_home(client, services, who):
            return
        # Not linked yet: match them by the email on their Slack profile.
        profile = SlackDirectory(client).profile(event["user"])
        email = profile.email if profile else None
        if email and followup.publish_home(client, services, replace(who, email=email)):
            return
        client.views_publish(user_id=event["user"], view=home.stranger_view())

    bolt.event("app_home_opened")(ack=acknowledge, lazy=[home_opened])
