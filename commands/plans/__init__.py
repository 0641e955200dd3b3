"""/plan: the plan's settings and its people, which plan leads change."""

from __future__ import annotations

from commands.plans import people, settings

ROWS = (*settings.ROWS, *people.ROWS)

__all__ = ["ROWS"]
