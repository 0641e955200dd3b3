"""`improvebot sweep`, `improvebot worker` and `improvebot outbox`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from bot.app import App
from bot.cli_support import make_app
from bot.clock import OffsetClock
from bot.delivery.sender import Sender

# Seconds a sweep keeps delivering (an outage must not hold cron for long), and a drain.
SWEEP_DELIVERS = 60.0
DRAIN_DELIVERS = 300.0
NO_CHAT = (
    "No chat platform is configured (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or "
    "TEAMS_APP_ID and TEAMS_APP_PASSWORD; see README), so nothing was delivered: the messages "
    "stay queued, and improvebot outbox lists them. The console workspace shows its own."
)


DELIVER_FOR = click.option(
    "--deliver-for",
    type=click.FloatRange(min=0),
    help="Seconds to keep delivering; what is not due by then stays queued for the next run.",
)


@click.command()
@click.option("--now", "at", required=True, help="The instant to sweep at (ISO, with a time zone).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; write nothing.")
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Processes to share the plans between (PostgreSQL; default IMPROVEBOT_SWEEP_PROCESSES "
    "or 1). SQLite always sweeps in one.",
)
@DELIVER_FOR
def sweep(at: str, dry_run: bool, processes: int | None, deliver_for: float | None) -> None:
    """Run one sweep at an instant, then deliver what it queued (for cron and catching up).

    Delivery stops after a minute (--deliver-for): in an outage the messages stay queued
    and the next sweep or worker sends them."""
    from bot import sweep_split
    from templates import notify

    moment = _instant(at)
    app = make_app(clock=OffsetClock(moment))
    try:
        if dry_run:  # one process: it prints every message, then rolls back
            result = app.sweeper().run(moment, dry_run=True)
        else:
            wanted = processes or app.settings.sweep_processes
            split = sweep_split.processes_for(app, wanted)
            if split < wanted:
                click.echo("Note: SQLite sweeps in one process (its writers take turns).")
            result = sweep_split.sweep(app, moment, processes=split)
        for note in result.notes:
            click.echo(f"Note: {note}")
        if dry_run:
            click.echo(f"Would send {len(result.queued)} message(s):")
            for queued in result.queued:
                text = notify.text(queued.payload, "console")
                click.echo(f"\n--- {queued.kind} to {queued.target}\n{text}")
            return
        click.echo(f"Queued {len(result.queued)} message(s).")
        if not app.settings.has_chat:
            click.echo(NO_CHAT)
            return
        _deliver(app, app.sender(), SWEEP_DELIVERS if deliver_for is None else deliver_for)
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
@DELIVER_FOR
def worker(drain: bool, batch: int, lease: float, pace: float, deliver_for: float | None) -> None:
    """Run only the scheduler: sweeps every few minutes and delivery from the outbox."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from bot.scheduler import build

    app = make_app()
    if not app.settings.has_chat:
        app.close()
        raise click.ClickException(NO_CHAT)
    post = app.sender(batch=batch, lease=timedelta(seconds=lease), per_channel=pace)
    if drain:
        try:
            _deliver(app, post, DRAIN_DELIVERS if deliver_for is None else deliver_for)
        finally:
            app.close()
        return
    click.echo("improvebot worker: sweeping and delivering. Ctrl-C to stop.")
    build(app, post, BlockingScheduler).start()


@click.group(invoke_without_command=True)
@click.option("--plan", "slug", help="Only this plan's messages.")
@click.pass_context
def outbox(ctx: click.Context, slug: str | None) -> None:
    """Messages waiting to be sent, and those that failed with their reason."""
    if ctx.invoked_subcommand is not None:
        return
    from commands import boundary
    from store import outbox as queue
    from store import plan_choice
    from store.models.outbox import OutboxState

    app = make_app()
    try:
        with boundary.transaction(app.sessions, write=False) as session:
            plan = plan_choice.choose_plan(session, slug) if slug else None
            waiting = queue.waiting(session, plan.id if plan else None)
            if not waiting:
                click.echo("Nothing waiting: every message has been sent.")
            for m in waiting:
                why = f" — {m.last_error}" if m.last_error else ""
                line = f"{m.state:<8} {m.kind:<9} to {m.target:<22} attempts {m.attempts}"
                if m.state == OutboxState.FAILED:
                    told = ", plan leads told" if m.reported_at else ""
                    click.echo(f"{line} (#{m.id}{told}){why}")
                else:
                    click.echo(f"{line}, next {_utc(m.next_attempt_at)}{why}")
            failed = sum(m.state == OutboxState.FAILED for m in waiting)
            if failed:
                click.echo(f"{failed} failed: improvebot outbox retry sends them again.")
    finally:
        app.close()


@outbox.command("retry")
@click.option("--plan", "slug", help="Only this plan's failed messages.")
@click.option("--id", "message_id", type=int, help="Only this message (its #number).")
@click.pass_context
def retry(ctx: click.Context, slug: str | None, message_id: int | None) -> None:
    """Queue failed messages again, once their cause is fixed (or an outage is over)."""
    from commands import boundary
    from store import outbox as queue
    from store import plan_choice

    slug = slug or (ctx.parent.params.get("slug") if ctx.parent else None)  # outbox --plan X retry
    app = make_app()
    try:
        with boundary.transaction(app.sessions) as session:
            plan = plan_choice.choose_plan(session, slug) if slug else None
            count = queue.requeue(
                session,
                app.clock.now(),
                plan_id=plan.id if plan else None,
                message_id=message_id,
            )
    finally:
        app.close()
    if not count:
        click.echo(
            "No failed messages to send again."
            if message_id is None
            else f"Message #{message_id} has not failed: nothing to send again."
        )
        return
    click.echo(
        f"Requeued {count} failed message(s). A running worker sends them within seconds; "
        "or run improvebot worker --drain."
    )


def _deliver(app: App, sender: Sender, seconds: float) -> None:
    """Deliver for up to `seconds`, then say what was done and what still waits, and why."""
    from store import outbox as queue

    stats = sender.drain(deadline=seconds)
    click.echo(
        f"Delivered {stats.sent}, failed {stats.failed}, failed attempts to retry {stats.retried}."
    )
    with app.sessions() as session:
        left = queue.backlog(session)
    if not left.waiting or left.next_at is None:
        return
    reasons = left.reasons.most_common()
    if reasons:
        others = len(reasons) - 1
        also = f" (and {others} other reason(s): see improvebot outbox)" if others else ""
        why = f", the next try at {_utc(left.next_at)}, because of {reasons[0][0]}{also}"
    else:
        why = f", not due until {_utc(left.next_at)}"
    click.echo(
        f"{left.waiting} message(s) wait in the outbox{why}. "
        "They stay queued: the next sweep or worker sends them."
    )


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


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
