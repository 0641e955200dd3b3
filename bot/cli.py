"""The `improvebot` command line: a thin layer that turns library errors into messages."""

from __future__ import annotations

import click

from bot import settings as settings_module
from store import db as store_db


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """improvebot: improvement plans, chased from chat.

    With no command, runs the bot: Slack when SLACK_* credentials are set, otherwise the
    console workspace with the demo plan.
    """
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is None:
        from bot.run import run_default

        run_default(settings_module.load())


@main.group()
def plan() -> None:
    """Import, export and configure plans."""


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema to the latest version."""
    settings = settings_module.load()
    engine = store_db.make_engine(settings.database_url)
    store_db.upgrade(engine)
    click.echo(f"Database is up to date (revision {store_db.current_revision(engine)}).")
