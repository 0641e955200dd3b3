"""What `improvebot` with no command does: serve Slack and/or Teams when configured, else
open the console demo."""

from __future__ import annotations

import click

from bot.app import App, create_app
from bot.clock import Clock, clock_at
from bot.console import Console
from bot.settings import Settings
from store import people, plans


def run_default(settings: Settings) -> None:
    if settings.has_slack or settings.has_teams:
        from bot.serve_cli import serve

        serve.main(["--socket"] if settings.slack_app_token else [], standalone_mode=False)
        return
    app = create_app(settings, clock=console_clock(None))
    start_console(app, demo=True, first_run_only=True)


def ensure_demo(app: App, *, first_run_only: bool) -> str | None:
    """Load the demo plan (only into an empty database with first_run_only) and return the
    handle of its plan lead to act as."""
    from store import demo_data
    from store.demo import build_demo

    with app.sessions.begin() as session:
        every = plans.all_plans(session)
        demo = plans.plan_by_slug(session, "demo")
        if demo is None and (not first_run_only or not every):
            demo = build_demo(session, now=app.clock.now())
            click.echo(f"Loaded the demo plan: {demo.name}.")
        if demo is not None:
            return demo_data.IMPORTER  # the programme manager, who runs the plan
        leads = plans.plan_leads(session, every[0]) if every else []
        return people.handle(leads[0]) if leads else None


def start_console(
    app: App, *, demo: bool, first_run_only: bool = False, as_handle: str | None = None
) -> None:
    lead = ensure_demo(app, first_run_only=first_run_only) if demo else None
    console = Console(app)
    chosen = as_handle or lead
    if chosen:
        click.echo(console.act_as(chosen))
    console.channel = _plan_channel(app, console)
    console.repl()


def _plan_channel(app: App, console: Console) -> str | None:
    with app.sessions() as session:
        every = plans.all_plans(session)
        return every[0].channel if len(every) == 1 else None


def console_clock(now: str | None) -> Clock:
    """The console's clock: it starts now (or at --now) and moves only when told to."""
    try:
        return clock_at(now)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--now") from None
