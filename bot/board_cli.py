"""`improvebot board …`: Improvement Board meetings from the command line."""

from __future__ import annotations

import click


@click.group()
def board() -> None:
    """Improvement Board meetings: schedule, move, cancel, list."""
