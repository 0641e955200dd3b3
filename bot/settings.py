"""Configuration from the environment, with an optional TOML file underneath it."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from store.db import DEFAULT_URL

# TOML keys are the environment names in lower case, e.g. slack_bot_token = "xoxb-…".
ENVIRONMENT = {
    "database_url": "IMPROVEBOT_DATABASE_URL",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_client_id": "SLACK_CLIENT_ID",
    "slack_client_secret": "SLACK_CLIENT_SECRET",
    "slack_api_url": "SLACK_API_URL",
    "token_key": "IMPROVEBOT_TOKEN_KEY",
    "teams_app_id": "TEAMS_APP_ID",
    "teams_app_password": "TEAMS_APP_PASSWORD",
    "teams_tenant_id": "TEAMS_TENANT_ID",
    "public_url": "IMPROVEBOT_PUBLIC_URL",
    "sweep_processes": "IMPROVEBOT_SWEEP_PROCESSES",
}
# Settings that are whole numbers (the rest are text).
NUMBERS = {"sweep_processes"}


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_api_url: str | None = None
    token_key: str | None = None
    teams_app_id: str | None = None
    teams_app_password: str | None = None
    teams_tenant_id: str | None = None
    # Where people's browsers reach improvebot (board-pack links from Teams); by default the
    # address Teams itself calls it at.
    public_url: str | None = None
    # Processes one sweep shares its plans between (PostgreSQL only: SQLite's writers take
    # turns on the one file, so there a sweep always runs in one process).
    sweep_processes: int = 1

    @property
    def has_slack(self) -> bool:
        return bool(self.slack_signing_secret and (self.slack_bot_token or self.slack_client_id))

    @property
    def has_teams(self) -> bool:
        return bool(self.teams_app_id)

    @property
    def has_chat(self) -> bool:
        """Whether any chat platform is configured; without one only the console delivers."""
        return self.has_slack or self.has_teams


def load(env: Mapping[str, str] | None = None, config_file: Path | None = None) -> Settings:
    """Settings from `env` (default os.environ) over an optional TOML file.

    The file is IMPROVEBOT_CONFIG, else ./improvebot.toml when present.
    """
    env = os.environ if env is None else env
    path = config_file or Path(env.get("IMPROVEBOT_CONFIG", "improvebot.toml"))
    values: dict[str, str] = {}
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        values.update({k: str(v) for k, v in data.items() if k in ENVIRONMENT})
    for key, name in ENVIRONMENT.items():
        if env.get(name):
            values[key] = env[name]
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: _typed(k, v) for k, v in values.items() if k in known})


def _typed(key: str, value: str) -> Any:
    if key not in NUMBERS:
        return value
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{ENVIRONMENT[key]} must be a whole number, not {value!r}") from None
