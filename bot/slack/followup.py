"""Work that follows a change, off the ack path: channel posts and App Home refreshes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import App
from bot.slack import home, render
from bot.slack.people import PLATFORM
from commands import boundary
from commands import home as dashboard
from commands.context import Post, Who
from store import people

log = logging.getLogger(__name__)


def post(client: WebClient, posts: Iterable[tuple[str, str]]) -> None:
    for channel, text in posts:
        try:
            client.chat_postMessage(channel=channel.lstrip("#"), text=text)
        except SlackApiError as error:
            log.warning("could not post to %s: %s", channel, error.response.get("error"))


def post_texts(posts: Iterable[Post]) -> list[tuple[str, str]]:
    return [(p.channel, render.post_text(p)) for p in posts]


def publish_homes(
    client: WebClient, services: App, team_id: str, person_ids: Iterable[int]
) -> None:
    """Re-publish App Home for these people, where they have a Slack identity in this team."""
    ids = set(person_ids)
    if not ids:
        return
    with boundary.transaction(services.sessions, write=False) as session:
        user_ids = people.user_ids(session, PLATFORM, team_id, ids)
    for user_id in user_ids:
        publish_home(client, services, Who(PLATFORM, team_id, user_id))


def publish_home(client: WebClient, services: App, who: Who) -> bool:
    """Publish one person's Home; False when they are a stranger to every plan."""
    reply = boundary.serve(
        who, dashboard.build, sessions=services.sessions, clock=services.clock.now, write=False
    )
    if not reply.ok:
        if reply.error != "Stranger":
            log.warning("could not build Home for %s: %s", who.user_id, reply.view)
        return False
    try:
        client.views_publish(user_id=who.user_id, view=home.view(reply.view))
    except SlackApiError as error:
        log.warning("could not publish Home for %s: %s", who.user_id, error.response.get("error"))
    return True
