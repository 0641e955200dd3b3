"""The `improvebot` command line: a thin layer that turns library errors into messages."""

from __future__ import annotations

from typing import Any

import click

from bot import (
    board_cli,
    kpi_cli,
    manifest_cli,
    notify_cli,
    people_cli,
    plan_cli,
    report_cli,
    risk_cli,
    serve_cli,
)
from bot import settings as settings_module
from bot.cli_support import make_app
from store.errors import UserError


class Cli(click.Group):
    """Every command's library errors end here, once: their text is written for the person
    typing, so it is shown as it is (with its details, such as a rejected file's problems)
    and the exit code is 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            raise click.ClickException("\n".join([error.message, *error.details])) from None


@click.group(cls=Cli, invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """improvebot: improvement plans, chased from chat.

    With no command, runs the bot: Slack and/or Teams when their credentials are set,
    otherwise the console workspace with the demo plan.
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
plan.add_command(people_cli.people_group)
main.add_command(board_cli.board)
main.add_command(report_cli.report)
main.add_command(kpi_cli.kpi)
main.add_command(risk_cli.risk)
main.add_command(serve_cli.serve)
main.add_command(manifest_cli.slack)
main.add_command(manifest_cli.teams)
main.add_command(notify_cli.sweep)
main.add_command(notify_cli.worker)
main.add_command(notify_cli.outbox)


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or upgrade the database schema to the latest version."""
    from store import db as store_db

    app = make_app()  # the factory upgrades the schema as it opens the database
    try:
        click.echo(f"Database is up to date (revision {store_db.current_revision(app.engine)}).")
    finally:
        app.close()


NOW = click.option("--now", help="Pretend it is this instant (ISO with a time zone).")
AS = click.option("--as", "as_handle", help="Act as this person (@handle, name or email).")


@main.command()
@AS
@NOW
def console(as_handle: str | None, now: str | None) -> None:
    """The console workspace: type commands as any person of a plan, as you would in Slack."""
    from bot.run import console_clock, start_console

    start_console(make_app(clock=console_clock(now)), demo=False, as_handle=as_handle)


@main.command()
@AS
@NOW
def demo(as_handle: str | None, now: str | None) -> None:
    """Load the demo plan (a fictional council, a year of history) and open the console."""
    from bot.run import console_clock, start_console

    start_console(make_app(clock=console_clock(now)), demo=True, as_handle=as_handle)
