"""Slack's user directory: who a Slack user is, so they can be matched to a plan person by email."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from commands.context import Profile

log = logging.getLogger(__name__)


class SlackDirectory:
    """users.info with a small per-process cache (the ids and DM channels live in the database)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._cache: dict[str, Profile | None] = {}

    def profile(self, user_id: str) -> Profile | None:
        if user_id in self._cache:
            return self._cache[user_id]
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            log.warning("users.info %s failed: %s", user_id, error.response.get("error"))
            return None
        profile = user.get("profile", {})
        name = profile.get("real_name") or user.get("real_name") or user.get("name") or user_id
        found = Profile(name=name, email=profile.get("email"))
        self._cache[user_id] = found
        return found
