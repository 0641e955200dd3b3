"""Reading an inbound activity (what Teams posts to /api/messages): who sent it, from where,
and what they said. Teams' JSON is read defensively: a missing or odd field is empty, never
an exception, because the request has already been authenticated and deserves an answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.teams.auth import activity_tenant
from bot.teams.text import strip_bot_mention
from commands.context import Who
from store.plan_settings import TEAMS_PREFIX
from store.teams import CHANNEL, PERSONAL, Reference

PLATFORM = "teams"


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Inbound:
    raw: Mapping[str, Any]

    @property
    def type(self) -> str:
        return _str(self.raw.get("type"))

    @property
    def name(self) -> str:
        return _str(self.raw.get("name"))

    @property
    def id(self) -> str:
        return _str(self.raw.get("id"))

    @property
    def service_url(self) -> str:
        return _str(self.raw.get("serviceUrl"))

    @property
    def tenant(self) -> str:
        return (activity_tenant(self.raw) or "").lower()

    @property
    def user_id(self) -> str:
        return _str(_map(self.raw.get("from")).get("id"))

    @property
    def user_name(self) -> str | None:
        return _str(_map(self.raw.get("from")).get("name")) or None

    @property
    def bot_id(self) -> str:
        return _str(_map(self.raw.get("recipient")).get("id"))

    @property
    def conversation_id(self) -> str:
        """Where to answer: for a channel message, its thread ("…;messageid=<root>")."""
        return _str(_map(self.raw.get("conversation")).get("id"))

    @property
    def conversation_type(self) -> str:
        return _str(_map(self.raw.get("conversation")).get("conversationType")) or PERSONAL

    @property
    def personal(self) -> bool:
        return self.conversation_type == PERSONAL

    @property
    def base_conversation(self) -> str:
        """The channel or chat itself, without a thread."""
        return self.conversation_id.split(";messageid=")[0]

    @property
    def team_id(self) -> str | None:
        return _str(_map(_map(self.raw.get("channelData")).get("team")).get("id")) or None

    @property
    def channel(self) -> str | None:
        """The plan-channel name of where this was said ("teams:<id>"); None in a 1:1 chat."""
        return None if self.personal else TEAMS_PREFIX + self.base_conversation

    @property
    def value(self) -> Mapping[str, Any]:
        return _map(self.raw.get("value"))

    @property
    def text(self) -> str:
        return _str(self.raw.get("text"))

    def entities(self) -> list[Mapping[str, Any]]:
        found = self.raw.get("entities")
        return [e for e in found if isinstance(e, Mapping)] if isinstance(found, list) else []

    def said(self, text: str | None = None) -> str:
        """The text (or this version of it) with the bot's own @mention removed."""
        return strip_bot_mention(self.text if text is None else text, self.entities(), self.bot_id)

    def who(self, email: str | None = None) -> Who:
        return Who(PLATFORM, self.tenant, self.user_id, self.channel, email, self.user_name)

    def reference(self) -> Reference:
        """This conversation, to reach again later (a channel without its thread)."""
        kind = self.conversation_type
        return Reference(
            self.base_conversation,
            kind,
            self.tenant,
            self.service_url,
            user_id=self.user_id if kind == PERSONAL else None,
            team_id=self.team_id if kind == CHANNEL else None,
        )

    def members_added(self) -> list[str]:
        added = self.raw.get("membersAdded")
        ids = [_str(_map(m).get("id")) for m in added] if isinstance(added, list) else []
        return [i for i in ids if i]

    def bot_added(self) -> bool:
        return self.type == "conversationUpdate" and self.bot_id in self.members_added()
