"""/plan: the plan's settings and its people, which plan leads change."""

from __future__ import annotations

from commands.plans import findings, people, safeguards, settings

ROWS = (*settings.ROWS, *safeguards.ROWS, *findings.ROWS, *people.ROWS)

__all__ = ["ROWS"]
