"""/action: update and read the plan's actions."""

from __future__ import annotations

from commands.actions import changes, reading

ROWS = (*changes.ROWS, *reading.ROWS, changes.ADD)
