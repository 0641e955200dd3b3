"""Who sent a Slack request, as the command language knows them."""

from __future__ import annotations

from typing import Any

from commands.context import Who

PLATFORM = "slack"


def who(body: dict[str, Any], email: str | None = None) -> Who:
    """Slash commands carry team_id/user_id/channel_id; interactions carry team/user/channel."""
    team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
    user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return Who(PLATFORM, team, user, channel, email=email)
