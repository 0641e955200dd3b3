"""The Slack app manifest: paste it at api.slack.com/apps and the app is set up in one go."""

from __future__ import annotations

from typing import Any

import yaml

from bot.slack.oauth import SCOPES
from bot.slack.slash import COMMANDS

DESCRIPTIONS = {
    "/action": ("Update and read improvement plan actions", "update 4.2 green Backlog cleared"),
    "/board": ("Improvement Board meetings", "next"),
    "/kpi": ("Record and read performance indicators", "update K1 86%"),
    "/risk": ("The risk register: list, rate, review", "rate R1 4x4 because …"),
    "/reminders": ("Your reminders: away, snooze, back", "away until 05/01/2027"),
    "/digest": ("Preview the weekly digest", "preview"),
    "/plan": ("Plan settings and people (plan leads)", "settings"),
    "/theme": ("Theme leads (plan leads)", "lead 2 @name"),
    "/improve": ("Any improvebot command", "action update 4.2 green"),
}


def manifest(
    url: str, *, socket_mode: bool = False, name: str = "improvebot", prefix: str = ""
) -> dict[str, Any]:
    """The manifest; with a prefix every command is named /<prefix>-action and so on, for a
    workspace where another app already took /action or /plan."""
    events_url = url.rstrip("/") + "/slack/events"
    commands = []
    for command in COMMANDS:
        description, hint = DESCRIPTIONS[command]
        entry: dict[str, Any] = {
            "command": f"/{prefix}-{command[1:]}" if prefix else command,
            "description": description,
            "usage_hint": hint,
            "should_escape": True,
        }
        if not socket_mode:
            entry["url"] = events_url
        commands.append(entry)
    interactivity: dict[str, Any] = {"is_enabled": True}
    events: dict[str, Any] = {"bot_events": ["app_home_opened"]}
    if not socket_mode:
        interactivity["request_url"] = events_url
        events["request_url"] = events_url
    return {
        "display_information": {
            "name": name,
            "description": "Keeps the improvement plan and chases it from chat.",
            "background_color": "#1d3557",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": {
            "redirect_urls": [url.rstrip("/") + "/slack/oauth_redirect"],
            "scopes": {"bot": SCOPES},
        },
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(url: str, *, socket_mode: bool = False, prefix: str = "") -> str:
    return yaml.safe_dump(
        manifest(url, socket_mode=socket_mode, prefix=prefix), sort_keys=False, allow_unicode=True
    )
