"""/plan: the plan's settings, which plan leads change."""

from __future__ import annotations

from commands.plans.settings import ROWS

__all__ = ["ROWS"]
