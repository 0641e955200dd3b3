"""Work that follows a change, off the ack path: channel posts and App Home refreshes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select

from bot.app import App
from bot.slack import home, render
from commands.context import Post
from store.models import ChatIdentity, Person

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
    with services.sessions() as session:
        rows = session.execute(
            select(ChatIdentity.user_id, Person)
            .join(Person, Person.id == ChatIdentity.person_id)
            .where(
                ChatIdentity.platform == "slack",
                ChatIdentity.workspace == team_id,
                ChatIdentity.person_id.in_(ids),
            )
        ).all()
        views = [
            (user_id, home.view(session, person, services.clock.now())) for user_id, person in rows
        ]
    for user_id, view in views:
        try:
            client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("could not publish Home for %s: %s", user_id, error.response.get("error"))
