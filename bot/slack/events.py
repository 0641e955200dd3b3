"""Events: App Home opened; and the dedupe that stops Slack's retries being acted on twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse
from slack_bolt import App as Bolt
from slack_sdk import WebClient

from bot.app import App
from bot.slack import followup
from bot.slack.directory import SlackDirectory
from commands.errors import UserError
from commands.run import claim
from store import people


def register(bolt: Bolt, services: App) -> None:
    @bolt.middleware
    def dedupe(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """An event Slack sends again (no answer in 3 s) is acknowledged and otherwise ignored."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            try:
                with services.sessions.begin() as session:
                    claim(session, f"slack-event:{event_id}", services.clock.now())
            except UserError:
                return BoltResponse(status=200, body="")
        return next()

    def acknowledge(ack: Ack) -> None:
        ack()

    def home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team = body.get("team_id", "")
        person_id = _person_id(services, client, team, event["user"])
        if person_id is None:
            client.views_publish(user_id=event["user"], view=_stranger_view())
            return
        followup.publish_homes(client, services, team, [person_id])

    bolt.event("app_home_opened")(ack=acknowledge, lazy=[home_opened])


def _person_id(services: App, client: WebClient, team: str, user_id: str) -> int | None:
    """The plan person behind a Slack user, matched by email the first time they appear."""
    with services.sessions.begin() as session:
        person = people.by_identity(session, "slack", team, user_id)
        if person is None:
            profile = SlackDirectory(client).profile(user_id)
            person = people.by_email(session, profile.email) if profile and profile.email else None
            if person is not None:
                people.link_identity(session, person, "slack", team, user_id)
        return person.id if person else None


def _stranger_view() -> dict[str, Any]:
    text = (
        "improvebot keeps your council's improvement plan. I don't know you yet: type "
        "`/action list` once so I can find you by your email, or ask a plan lead to add it."
    )
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
