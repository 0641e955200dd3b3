"""What `improvebot` with no command does: Slack when configured, else the console demo."""

from __future__ import annotations

from bot.settings import Settings


def run_default(settings: Settings) -> None:
    raise SystemExit("The console workspace is being built; see README.md.")
