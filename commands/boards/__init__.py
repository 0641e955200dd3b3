"""/board: the Improvement Board's meetings, agenda and calendar."""

from __future__ import annotations

from commands.boards import agenda, meetings

ROWS = (meetings.ROWS[0], agenda.ROW, *meetings.ROWS[1:])
