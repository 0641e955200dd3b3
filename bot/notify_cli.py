"""`improvebot sweep`, `improvebot worker` and `improvebot outbox`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from bot.cli_support import make_app
from bot.clock import OffsetClock


@click.command()
@click.option("--now", "at", required=True, help="The instant to sweep at (ISO, with a time zone).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; write nothing.")
def sweep(at: str, dry_run: bool) -> None:
    """Run one sweep at an instant, then deliver what it queued (for cron and catching up)."""
    from templates import notify

    moment = _instant(at)
    app = make_app(clock=OffsetClock(moment))
    try:
        result = app.sweeper().run(moment, dry_run=dry_run)
        for note in result.notes:
            click.echo(f"Note: {note}")
        if dry_run:
            click.echo(f"Would send {len(result.queued)} message(s):")
            for queued in result.queued:
                text = notify.text(queued.payload, "console")
                click.echo(f"\n--- {queued.kind} to {queued.target}\n{text}")
            return
        click.echo(f"Queued {len(result.queued)} message(s).")
        stats = app.sender().drain()
        click.echo(
            f"Delivered {stats.sent}, failed {stats.failed}, retrying later {stats.retried}."
        )
    finally:
        app.close()


@click.command()
@click.option("--drain", is_flag=True, help="Deliver what is waiting, then exit (no sweeps).")
@click.option("--batch", default=1000, show_default=True, help="Messages claimed at a time.")
@click.option(
    "--lease",
    default=120.0,
    show_default=True,
    help="Seconds a claim lasts; a crashed worker's messages are retried after it.",
)
@click.option(
    "--pace", default=1.0, show_default=True, help="Seconds between messages to one channel."
)
def worker(drain: bool, batch: int, lease: float, pace: float) -> None:
    """Run only the scheduler: sweeps every few minutes and delivery from the outbox."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from bot.scheduler import build

    app = make_app()
    post = app.sender(batch=batch, lease=timedelta(seconds=lease), per_channel=pace)
    if drain:
        stats = post.drain()
        click.echo(
            f"Delivered {stats.sent}, failed {stats.failed}, retrying later {stats.retried}."
        )
        app.close()
        return
    click.echo("improvebot worker: sweeping and delivering. Ctrl-C to stop.")
    build(app, post, BlockingScheduler).start()


@click.command()
@click.option("--plan", "slug", help="Only this plan's messages.")
def outbox(slug: str | None) -> None:
    """Messages waiting to be sent, and those that failed with their reason."""
    from commands import boundary
    from store import outbox as queue
    from store import plan_choice

    app = make_app()
    try:
        with boundary.transaction(app.sessions, write=False) as session:
            plan = plan_choice.choose_plan(session, slug) if slug else None
            waiting = queue.waiting(session, plan.id if plan else None)
            if not waiting:
                click.echo("Nothing waiting: every message has been sent.")
            for m in waiting:
                when = m.next_attempt_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
                why = f" — {m.last_error}" if m.last_error else ""
                line = f"{m.state:<8} {m.kind:<9} to {m.target:<22} attempts {m.attempts}"
                click.echo(f"{line}, next {when}{why}")
    finally:
        app.close()


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            "use ISO 8601, e.g. 2026-11-16T09:05:00+00:00", param_hint="--now"
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter(
            "give a time zone, e.g. 2026-11-16T09:05:00+00:00", param_hint="--now"
        )
    return moment
