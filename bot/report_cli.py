"""`improvebot report …`: the board pack and the scrutiny report."""

from __future__ import annotations

import click


@click.group()
def report() -> None:
    """Reports for the Improvement Board and scrutiny."""
