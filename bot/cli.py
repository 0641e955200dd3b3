"""The `improvebot` command line: a thin layer that turns library errors into messages."""

from __future__ import annotations

import click

from bot import board_cli, kpi_cli, notify_cli, plan_cli, report_cli, serve_cli
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


plan.add_command(plan_cli.import_command)
plan.add_command(plan_cli.export_command)
plan.add_command(plan_cli.configure_command)
main.add_command(board_cli.board)
main.add_command(report_cli.report)
main.add_command(kpi_cli.kpi)
main.add_command(serve_cli.serve)
main.add_command(serve_cli.slack)
main.add_command(notify_cli.sweep)
main.add_command(notify_cli.worker)
main.add_command(notify_cli.outbox)


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema to the latest version."""
    settings = settings_module.load()
    engine = store_db.make_engine(settings.database_url)
    try:
        store_db.upgrade(engine)
        click.echo(f"Database is up to date (revision {store_db.current_revision(engine)}).")
    finally:
        engine.dispose()


@main.command()
@click.option("--as", "as_handle", help="Act as this person (@handle, name or email).")
@click.option("--now", help="Pretend it is this instant (ISO with a time zone).")
def console(as_handle: str | None, now: str | None) -> None:
    """The console workspace: type commands as any person of a plan, as you would in Slack."""
    from bot.app import create_app
    from bot.run import fixed_clock, start_console

    app = create_app(settings_module.load(), clock=fixed_clock(now))
    start_console(app, demo=False, as_handle=as_handle)


@main.command()
@click.option("--as", "as_handle", help="Act as this person (@handle, name or email).")
@click.option("--now", help="Pretend it is this instant (ISO with a time zone).")
def demo(as_handle: str | None, now: str | None) -> None:
    """Load the demo plan (a fictional council, a year of history) and open the console."""
    from bot.app import create_app
    from bot.run import fixed_clock, start_console

    app = create_app(settings_module.load(), clock=fixed_clock(now))
    start_console(app, demo=True, as_handle=as_handle)
