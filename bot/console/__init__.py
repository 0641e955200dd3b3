"""The console workspace: a platform like Slack or Teams, in a terminal."""

from bot.console.workspace import Console

__all__ = ["Console"]
